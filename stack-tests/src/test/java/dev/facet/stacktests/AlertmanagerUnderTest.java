package dev.facet.stacktests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager process (the Debian package {@code prometheus-alertmanager}) on 127.0.0.1, with its
 * state under the test's folder and clustering off: one instance needs no gossip, and the default cluster
 * port (9094) would collide with a second run or an installed service.
 */
final class AlertmanagerUnderTest implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AlertmanagerUnderTest(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static AlertmanagerUnderTest start(Path dir, Path config) throws IOException {
        Tools.require(Tools.ALERTMANAGER);
        int port = PrometheusUnderTest.freePort();
        Path log = dir.resolve("alertmanager.log");
        Process p = new ProcessBuilder(Tools.ALERTMANAGER.toString(), "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                // an empty address turns the cluster (HA gossip) off
                "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        // a killed test JVM (Ctrl-C, surefire timeout) must not leave Alertmanager running
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-alertmanager"));
        return new AlertmanagerUnderTest(p, port, log);
    }

    int port() {
        return port;
    }

    private String address() {
        return "127.0.0.1:" + port;
    }

    boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/-/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then a kill after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
