package dev.facet.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Starts the Debian/upstream {@code prometheus} binary, when installed, scraping the three local services and
 * loading the repository's rules from {@code prometheus/rules/} and sending alerts to the local Alertmanager when
 * one runs, with its data and log under the run folder.
 * Its config writer, launch and stop are also what stack-tests' Prometheus uses, so the two cannot drift apart.
 */
public final class LocalPrometheus {

    private final Process process;

    private LocalPrometheus(Process process) {
        this.process = process;
    }

    /** As Compose's, with alerts sent to the local Alertmanager when {@code alertmanager} holds its port. */
    static Optional<LocalPrometheus> start(Path runDir, int port, int serving, int drift, int groundTruth,
                                           OptionalInt alertmanager) throws IOException {
        Optional<Path> binary = onPath("prometheus");
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        Path dir = runDir.resolve("prometheus");
        Files.createDirectories(dir.resolve("data"));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, scrapeConfig("facet-local at start", Duration.ofSeconds(5),
                Path.of("prometheus", "rules").toAbsolutePath(), serving, drift, groundTruth)
                + alerting(alertmanager));
        Path log = runDir.resolve("logs").resolve("prometheus.log");
        return Optional.of(new LocalPrometheus(launch(binary.get(), file, dir.resolve("data"), port,
                ProcessBuilder.Redirect.appendTo(log.toFile()), "--storage.tsdb.retention.time=2d")));
    }

    /**
     * The localhost variant of prometheus/prometheus.yml: the same job names, the repository's rules, scraping and
     * evaluating every {@code interval}.
     *
     * @param writtenBy who wrote it, for the file's first comment
     */
    public static String scrapeConfig(String writtenBy, Duration interval, Path rulesDir, int serving, int drift,
                                      int groundTruth) {
        return """
                # written by %s; the Compose variant is prometheus/prometheus.yml
                global:
                  scrape_interval: %ds
                  evaluation_interval: %ds
                rule_files:
                  - %s/*.yml
                scrape_configs:
                  - job_name: serving
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: drift-worker
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: ground-truth
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(writtenBy, interval.toSeconds(), interval.toSeconds(), rulesDir, serving, drift,
                groundTruth);
    }

    /**
     * The {@code alerting} section pointing Prometheus at an Alertmanager on 127.0.0.1:{@code port}, to append to
     * {@link #scrapeConfig}; empty without one, where Prometheus still evaluates and shows the alerts.
     */
    public static String alerting(OptionalInt port) {
        if (port.isEmpty()) {
            return "";
        }
        return """
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(port.getAsInt());
    }

    /** Starts {@code binary} with {@code config}, its data in {@code dataDir}, on 127.0.0.1:{@code port}. */
    public static Process launch(Path binary, Path config, Path dataDir, int port, ProcessBuilder.Redirect output,
                                 String... extraFlags) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir, "--web.listen-address=127.0.0.1:" + port));
        command.addAll(List.of(extraFlags));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    /** SIGTERM, then a kill after 10 s. */
    public static void stop(Process process) {
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

    void stop() {
        stop(process);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
