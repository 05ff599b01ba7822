package dev.facet.simulator;

import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
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
        assertThat(run("--models", SmallModel.root().toString(), "--count", "1", "--rows", "training")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--rows: unknown 'training'; expected heldout, all or auto");
        });
    }

    @Test
    void aMissingModelBundleIsReportedWithTheTrainCommand() {
        Result r = run("--models", "/nonexistent-facet-models", "--count", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no model bundle under").contains("exec:java").contains("./run.sh");
    }

    @Test
    void driftOptionsAreCheckedAgainstTheModelBeforeAnythingIsSent() {
        String diamonds = SmallModel.root().toString();
        String penguins = SmallPenguins.dir().getParent().getParent().toString();
        assertThat(run("--models", diamonds, "--model", "iris", "--count", "1")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("no model 'iris'");
        });
        assertThat(run("--models", diamonds, "--count", "1", "--scenario", "data-drift", "--scale", "carat=2").err())
                .contains("go with --scenario none or a preset, not with data-drift");
        assertThat(run("--models", diamonds, "--count", "1", "--label-noise", "0.3").err())
                .contains("--label-noise changes a classifier's actual labels");
        assertThat(run("--models", penguins, "--model", "penguins", "--count", "1", "--scenario", "carat-scaled").err())
                .contains("scenario carat-scaled does not apply to this model");
        assertThat(run("--models", penguins, "--model", "penguins", "--count", "1", "--missing", "island=0.5").err())
                .contains("does not allow a missing island");
        assertThat(run("--scenario", "chaos").err()).contains("species-shifted");
        assertThat(run("--models", penguins, "--model", "penguins", "--count", "1", "--data", "/nonexistent.csv"))
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(2);
                    assertThat(r.err()).contains("cannot read /nonexistent.csv");
                });
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
