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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local alert path with the real Alertmanager: alerts posted to its v2 API are routed by the repository's
 * alertmanager.yml (warning to tickets, critical to pages) to receivers whose webhooks are the launcher's
 * {@link AlertLog}, which writes them to alerts.log.
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
    void alertsPostedToAlertmanagerReachTheAlertsLogThroughTheReceiverTheirSeverityRoutesTo(@TempDir Path run)
            throws Exception {
        assumeTrue(Files.isExecutable(DEBIAN_BINARY),
                "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager); CI installs it");
        Path log = run.resolve("logs").resolve("alerts.log");
        alerts = AlertLog.start(log, console::add);
        int port = freePort();
        // group_wait shortened from the repository's 30 s, which would be most of this test's run time
        alertmanager = LocalAlertmanager.start(DEBIAN_BINARY, run, port,
                AlertmanagerConfig.localCopy(REPO_FILE, alerts::url, Duration.ofSeconds(1)));

        JsonArray posted = new JsonArray()
                .add(alert("LauncherTestWarning", "warning", "a warning from LocalAlertmanagerTest"))
                .add(alert("LauncherTestCritical", "critical", "a page from LocalAlertmanagerTest"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(posted.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // one group per alertname (group_by), so two notifications, in either order
        await("both alerts in " + log).atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
        Map<String, JsonObject> byName = new HashMap<>();
        for (String l : Files.readAllLines(log)) {
            JsonObject line = new JsonObject(l);
            byName.put(line.getString("alertname"), line);
        }
        assertThat(byName).containsOnlyKeys("LauncherTestWarning", "LauncherTestCritical");
        JsonObject warning = byName.get("LauncherTestWarning");
        assertThat(warning.getString("receiver")).isEqualTo("tickets");
        assertThat(warning.getString("status")).isEqualTo("firing");
        assertThat(warning.getString("severity")).isEqualTo("warning");
        assertThat(warning.getString("summary")).isEqualTo("a warning from LocalAlertmanagerTest");
        assertThat(warning.getString("startsAt")).isNotBlank();
        assertThat(warning.fieldNames()).contains("endsAt");
        assertThat(byName.get("LauncherTestCritical").getString("receiver")).isEqualTo("pages");
        assertThat(console).containsExactlyInAnyOrder(
                "ALERT firing LauncherTestWarning (warning) → tickets: a warning from LocalAlertmanagerTest",
                "ALERT firing LauncherTestCritical (critical) → pages: a page from LocalAlertmanagerTest");
    }

    private static JsonObject alert(String name, String severity, String summary) {
        return new JsonObject()
                .put("labels", new JsonObject().put("alertname", name).put("severity", severity)
                        .put("job", "drift-worker"))
                .put("annotations", new JsonObject().put("summary", summary));
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
