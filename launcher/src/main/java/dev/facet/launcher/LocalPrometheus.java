package dev.facet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the Debian/upstream {@code prometheus} binary, when installed, scraping the three local services and
 * loading the repository's rules from {@code prometheus/rules/}, with its data and log under the run folder.
 */
final class LocalPrometheus {

    private final Process process;

    private LocalPrometheus(Process process) {
        this.process = process;
    }

    static Optional<LocalPrometheus> start(Path runDir, int port, int serving, int drift, int groundTruth)
            throws IOException {
        Optional<Path> binary = onPath("prometheus");
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        Path dir = runDir.resolve("prometheus");
        Files.createDirectories(dir.resolve("data"));
        Path rules = Path.of("prometheus", "rules").toAbsolutePath();
        String config = """
                # written by facet-local at start; the Compose variant is prometheus/prometheus.yml
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                rule_files:
                  - %s/*.yml
                scrape_configs:
                  - job_name: serving
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: drift-worker
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: ground-truth
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(rules, serving, drift, groundTruth);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        Path log = runDir.resolve("logs").resolve("prometheus.log");
        Process p = new ProcessBuilder(List.of(binary.get().toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=2d"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return Optional.of(new LocalPrometheus(p));
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
