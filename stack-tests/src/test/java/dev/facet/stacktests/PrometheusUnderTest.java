package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.facet.launcher.LocalPrometheus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The tests' handle on a real Prometheus process (the Debian package's binary), configured and launched by the
 * launcher's {@link LocalPrometheus} (the run command's own), scraping the services on localhost every second and
 * evaluating rules every second: the localhost variant of prometheus/prometheus.yml, with the same job names,
 * sending its alerts to a local Alertmanager.
 */
final class PrometheusUnderTest implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusUnderTest(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param rulesDir     the rule files to load (the repository's, or a copy with shorter {@code for:})
     * @param alertmanager the port on 127.0.0.1 of the Alertmanager that receives the alerts
     */
    static PrometheusUnderTest start(Path dir, Path rulesDir, int alertmanager, int serving, int drift, int groundTruth)
            throws IOException {
        Tools.require(Tools.PROMETHEUS);
        int port = freePort();
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, LocalPrometheus.scrapeConfig("stack-tests' StackQueriesTest",
                Duration.ofSeconds(1), rulesDir, serving, drift, groundTruth)
                + LocalPrometheus.alerting(OptionalInt.of(alertmanager)));
        Path log = dir.resolve("prometheus.log");
        Process p = LocalPrometheus.launch(Tools.PROMETHEUS, file, dir.resolve("data"), port,
                ProcessBuilder.Redirect.to(log.toFile()), "--web.enable-lifecycle");
        // a killed test JVM (Ctrl-C, surefire timeout) must not leave Prometheus running
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-prometheus"));
        return new PrometheusUnderTest(p, port, log);
    }

    /**
     * Without an Alertmanager, scraping several targets per job (the job names of prometheus/prometheus.yml, so the
     * repository's rules apply), every second, with the rules of {@code rulesDir}.
     *
     * @param jobs job name to the ports on 127.0.0.1 of its targets
     */
    static PrometheusUnderTest startJobs(Path dir, Path rulesDir, Map<String, List<Integer>> jobs) throws IOException {
        Tools.require(Tools.PROMETHEUS);
        int port = freePort();
        StringBuilder config = new StringBuilder()
                .append("# written by stack-tests' PrometheusUnderTest.startJobs: several targets per job\n")
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n  - ").append(rulesDir).append("/*.yml\n")
                .append("scrape_configs:\n");
        jobs.forEach((job, ports) -> config.append("  - job_name: ").append(job).append('\n')
                .append("    static_configs: [{targets: [")
                .append(String.join(", ", ports.stream().map(p -> "'127.0.0.1:" + p + "'").toList()))
                .append("]}]\n"));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config.toString());
        Path log = dir.resolve("prometheus.log");
        Process p = LocalPrometheus.launch(Tools.PROMETHEUS, file, dir.resolve("data"), port,
                ProcessBuilder.Redirect.to(log.toFile()));
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-prometheus"));
        return new PrometheusUnderTest(p, port, log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An instant query; the whole {@code data}-level answer, or an exception naming Prometheus's error. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = MAPPER.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query failed (" + r.statusCode() + "): " + body.path("errorType").asText()
                    + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        LocalPrometheus.stop(process);
    }
}
