package dev.facet.stacktests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Prometheus tools installed by the Debian package {@code prometheus}. */
final class Tools {

    static final Path PROMTOOL = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
    static final Path PROMETHEUS = Path.of(System.getenv().getOrDefault("PROMETHEUS", "/usr/bin/prometheus"));

    private Tools() {
    }

    /** Exit code and combined output of a finished process. */
    record Result(int exit, String output) {
    }

    static void require(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is missing: install it with `apt-get install prometheus` "
                    + "(Debian package, brings prometheus and promtool), or point $" + binary.getFileName()
                            .toString().toUpperCase(java.util.Locale.ROOT) + " at the binary");
        }
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
}
