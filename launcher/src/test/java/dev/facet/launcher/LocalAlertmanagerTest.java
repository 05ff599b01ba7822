package dev.facet.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local alert path with the real Alertmanager: an alert posted to its v2 API is routed by the repository's
 * alertmanager.yml to a receiver whose webhook is the launcher's {@link AlertLog}, which writes it to alerts.log.
 */
class LocalAlertmanagerTest {

    private static final Path REPO_FILE = Path.of("..", "prometheus", "alertmanager.yml").toAbsolutePath().normalize();
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private AlertLog alerts;
    private LocalAlertmanager alertmanager;

    @AfterEach
    void stop() {
        if (alertmanager != null) {
            alertmanager.stop();
        }
        if (alerts != null) {
            alerts.stop();
        }
    }

    @Test
    void aWarningPostedToAlertmanagerReachesTheAlertsLogThroughTheTicketsReceiver(@TempDir Path run)
            throws Exception {
        assumeTrue(Files.isExecutable(DEBIAN_BINARY),
                "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager); CI installs it");
        Path log = run.resolve("logs").resolve("alerts.log");
        alerts = AlertLog.start(log, console::add);
        int port = freePort();
        // group_wait shortened from the repository's 30 s, which would be most of this test's run time
        alertmanager = LocalAlertmanager.start(DEBIAN_BINARY, run, port,
                AlertmanagerConfig.localCopy(REPO_FILE, alerts::url, Duration.ofSeconds(1)));

        JsonArray posted = new JsonArray().add(new JsonObject()
                .put("labels", new JsonObject().put("alertname", "LauncherTestAlert").put("severity", "warning")
                        .put("job", "drift-worker"))
                .put("annotations", new JsonObject().put("summary", "posted by LocalAlertmanagerTest")));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(posted.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        await("the alert in " + log).atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        JsonObject line = new JsonObject(lines.get(0));
        assertThat(line.getString("receiver")).isEqualTo("tickets");
        assertThat(line.getString("status")).isEqualTo("firing");
        assertThat(line.getString("alertname")).isEqualTo("LauncherTestAlert");
        assertThat(line.getString("severity")).isEqualTo("warning");
        assertThat(line.getString("summary")).isEqualTo("posted by LocalAlertmanagerTest");
        assertThat(line.getString("startsAt")).isNotBlank();
        assertThat(line.fieldNames()).contains("endsAt");
        assertThat(console).containsExactly(
                "ALERT firing LauncherTestAlert (warning) → tickets: posted by LocalAlertmanagerTest");
    }

    @Test
    void aSecondAlertmanagerOnATakenPortIsRefusedRatherThanReportedAsOurs(@TempDir Path run) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> LocalAlertmanager.start(DEBIAN_BINARY, run, taken.getLocalPort(),
                    "route: {receiver: x}\nreceivers: [{name: x}]\n"))
                    .isInstanceOf(IOException.class).hasMessageContaining("already in use");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
