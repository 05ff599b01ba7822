package dev.facet.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./run.sh --help} answers from the script itself, before the build, with the launcher's own usage:
 * picocli's usage of {@link LocalStack} is the one source of the text, and this test keeps the script's copy equal.
 */
class RunShHelpTest {

    /** Surefire runs in the module's directory; the script is at the repository root. */
    private static final Path RUN_SH = Path.of("..", "run.sh").toAbsolutePath().normalize();

    @Test
    void everyOptionOfTheLauncherHasADescription() {
        List<OptionSpec> options = new CommandLine(new LocalStack()).getCommandSpec().options();
        assertThat(options).hasSizeGreaterThan(8);
        for (OptionSpec o : options) {
            assertThat(String.join(" ", o.description())).as(o.longestName()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--only serving --help"})
    void runShPrintsTheLaunchersUsageWithoutBuildingOrStartingJava(String args, @TempDir Path tmp)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path called = tmp.resolve("called");
        // stand-ins that record being run and fail: help must need neither Maven nor a JVM
        for (String tool : List.of("mvn", "java")) {
            Path fake = bin.resolve(tool);
            Files.writeString(fake, "#!/bin/sh\necho " + tool + " >> '" + called + "'\nexit 97\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>(List.of("bash", RUN_SH.toString()));
        command.addAll(List.of(args.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(tmp.resolve("stderr").toFile());
        Map<String, String> env = pb.environment();
        env.remove("FACET_SKIP_BUILD");
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("run.sh %s ended", args).isTrue();

        assertThat(called).as("Maven or java was run for help").doesNotExist();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("stderr"))).isZero();
        assertThat(out).isEqualTo(new CommandLine(new LocalStack()).getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
}
