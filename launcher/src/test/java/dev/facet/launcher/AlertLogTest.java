package dev.facet.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process webhook: one JSON line and one console line per alert; bad bodies get the one JSON error shape. */
class AlertLogTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private AlertLog alerts;

    @AfterEach
    void stop() {
        alerts.stop();
    }

    @Test
    void eachAlertOfANotificationIsOneLineInOrder(@TempDir Path tmp) throws Exception {
        alerts = AlertLog.start(tmp.resolve("alerts.log"), console::add);
        // the shape of Alertmanager's webhook payload (version 4), trimmed to what the log reads
        String notification = """
                {"version":"4","status":"resolved","receiver":"pages","alerts":[
                  {"status":"resolved","labels":{"alertname":"TargetDown","severity":"critical","job":"serving"},
                   "annotations":{"summary":"serving is down"},
                   "startsAt":"2026-12-03T08:00:00Z","endsAt":"2026-12-03T08:05:00Z"},
                  {"status":"firing","labels":{"alertname":"NoSeverity"},"annotations":{},
                   "startsAt":"2026-12-03T08:01:00Z","endsAt":"0001-01-01T00:00:00Z"}]}
                """;
        assertThat(post("/pages", notification).statusCode()).isEqualTo(200);

        List<String> lines = Files.readAllLines(tmp.resolve("alerts.log"));
        assertThat(lines).hasSize(2);
        assertThat(new JsonObject(lines.get(0))).isEqualTo(new JsonObject()
                .put("receiver", "pages").put("status", "resolved").put("alertname", "TargetDown")
                .put("severity", "critical").put("summary", "serving is down")
                .put("startsAt", "2026-12-03T08:00:00Z").put("endsAt", "2026-12-03T08:05:00Z"));
        assertThat(new JsonObject(lines.get(1)).getString("alertname")).isEqualTo("NoSeverity");
        assertThat(new JsonObject(lines.get(1)).getValue("severity")).isNull();
        assertThat(console).containsExactly(
                "ALERT resolved TargetDown (critical) → pages: serving is down",
                "ALERT firing NoSeverity (null) → pages: null");
    }

    @Test
    void badRequestsGetA4xxInTheOneErrorShapeAndWriteNothing(@TempDir Path tmp) throws Exception {
        alerts = AlertLog.start(tmp.resolve("alerts.log"), console::add);

        HttpResponse<String> notJson = post("/tickets", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notJson.body()).getString("error")).isEqualTo("malformed_json");

        HttpResponse<String> noAlerts = post("/tickets", "{\"receiver\":\"tickets\",\"alerts\":3}");
        assertThat(noAlerts.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(noAlerts.body()).getString("message")).contains("\"alerts\"");

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(alerts.url("tickets"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(new JsonObject(get.body()).getString("error")).isEqualTo("method_not_allowed");

        assertThat(tmp.resolve("alerts.log")).doesNotExist();
        assertThat(console).isEmpty();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(alerts.url(path.substring(1))))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
