package dev.facet.simulator;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorCommandTest {

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulatorCommand()).setErr(new PrintWriter(err));
        return new Result(cmd.execute(args), err.toString());
    }

    record Result(int code, String err) {
    }

    @Test
    void badOptionsExitWithTwoAndSayWhatIsWrong() {
        assertThat(run("--rate", "0")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("rate must be a finite number > 0");
        });
        assertThat(run("--feedback-share", "1.5").err()).contains("feedback share must be in [0, 1]");
        assertThat(run("--scenario", "chaos").err()).contains("unknown scenario 'chaos'");
        assertThat(run("--duration", "soon").err()).contains("'soon' is not a duration");
    }

    @Test
    void aMissingModelBundleIsReportedWithTheTrainCommand() {
        Result r = run("--models", "/nonexistent-facet-models", "--count", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no model bundle under").contains("exec:java");
    }

    @Test
    void durationsReadTheUsualUnits() {
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
