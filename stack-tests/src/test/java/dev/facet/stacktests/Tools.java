package dev.facet.stacktests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Prometheus tools installed by the Debian packages {@code prometheus} (prometheus, promtool) and
 * {@code prometheus-alertmanager}.
 */
final class Tools {

    static final Path PROMTOOL = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
    static final Path PROMETHEUS = Path.of(System.getenv().getOrDefault("PROMETHEUS", "/usr/bin/prometheus"));
    static final Path ALERTMANAGER = Path.of(System.getenv().getOrDefault("ALERTMANAGER",
            "/usr/bin/prometheus-alertmanager"));
    static final Path AMTOOL = Path.of(System.getenv().getOrDefault("AMTOOL", "/usr/bin/amtool"));

    private Tools() {
    }

    /** Exit code and combined output of a finished process. */
    record Result(int exit, String output) {
    }

    /** Fails, naming the Debian package and the environment variable that fix it, when a binary is missing. */
    static void require(Path binary) {
        if (Files.isExecutable(binary)) {
            return;
        }
        boolean alertmanager = binary.equals(ALERTMANAGER) || binary.equals(AMTOOL);
        String variable = binary.equals(ALERTMANAGER) ? "ALERTMANAGER"
                : binary.getFileName().toString().toUpperCase(Locale.ROOT);
        throw new AssertionError(binary + " is missing: install it with `apt-get install "
                + (alertmanager ? "prometheus-alertmanager" : "prometheus") + "` (Debian packages: prometheus brings "
                + "prometheus and promtool, prometheus-alertmanager brings it and amtool), or point $" + variable
                + " at the binary");
    }

    static Result promtool(Path workDir, String... args) throws IOException, InterruptedException {
        require(PROMTOOL);
        List<String> cmd = new ArrayList<>();
        cmd.add(PROMTOOL.toString());
        cmd.addAll(List.of(args));
        return run(workDir, cmd, null);
    }

    /** Runs a command, feeding {@code stdin} if given, and waits at most 60 s. */
    static Result run(Path workDir, List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        // read before waiting so a chatty process never blocks on a full pipe
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s; output:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /**
     * Runs a command with extra environment and waits at most {@code timeoutSeconds}; output goes through a file so
     * the wait is bounded even when the process keeps its pipe open.
     */
    static Result run(Path workDir, List<String> cmd, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("facet-tool-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds
                        + " s; output:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
