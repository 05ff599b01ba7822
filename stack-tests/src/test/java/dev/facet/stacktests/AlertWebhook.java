package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving end of Alertmanager's webhook notifier: records every notification it is sent (the version 4
 * payload: the group's status and receiver, each alert's labels and status) with the time it arrived. The test
 * points every {@code webhook_configs} URL of the repository's alertmanager.yml here, one path per receiver.
 */
final class AlertWebhook implements AutoCloseable {

    /** One alert of a notification: its name, its own status (firing or resolved), all its labels. */
    record Alert(String alertname, String status, JsonNode labels) {
    }

    /** One POST from Alertmanager. */
    record Notification(Instant receivedAt, String path, String receiver, String status, List<Alert> alerts) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<Notification> received = new CopyOnWriteArrayList<>();

    private AlertWebhook(HttpServer server) {
        this.server = server;
    }

    static AlertWebhook start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AlertWebhook webhook = new AlertWebhook(server);
        server.createContext("/", webhook::handle);
        server.start();
        return webhook;
    }

    /** The URL a receiver's webhook_configs gets: its own path, so a notification shows who it was routed to. */
    String url(String receiver) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + receiver;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            int status = 200;
            try {
                received.add(parse(exchange.getRequestURI().getPath(), body));
            } catch (IOException e) {
                // anything but a version 4 JSON payload is a test failure; 400 makes Alertmanager log it too
                status = 400;
                received.add(new Notification(Instant.now(), exchange.getRequestURI().getPath(), "",
                        "unparseable: " + e.getMessage(), List.of()));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static Notification parse(String path, byte[] body) throws IOException {
        JsonNode n = MAPPER.readTree(body);
        if (!"4".equals(n.path("version").asText())) {
            throw new IOException("not an Alertmanager webhook version 4 payload: " + n);
        }
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : n.path("alerts")) {
            alerts.add(new Alert(a.path("labels").path("alertname").asText(), a.path("status").asText(), a.path("labels")));
        }
        return new Notification(Instant.now(), path, n.path("receiver").asText(), n.path("status").asText(),
                List.copyOf(alerts));
    }

    /** When the first notification carrying {@code alertname} with that alert status arrived, if one has. */
    Optional<Instant> first(String alertname, String status) {
        return received.stream()
                .filter(n -> n.alerts().stream().anyMatch(a -> a.alertname().equals(alertname) && a.status().equals(status)))
                .map(Notification::receivedAt).findFirst();
    }

    List<Notification> received() {
        return List.copyOf(received);
    }

    /** One line per notification, for failure messages. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (Notification n : received) {
            sb.append("  ").append(n.receivedAt()).append(' ').append(n.path()).append(" receiver=").append(n.receiver())
                    .append(" status=").append(n.status());
            n.alerts().forEach(a -> sb.append(' ').append(a.alertname()).append('=').append(a.status()));
            sb.append('\n');
        }
        return sb.length() == 0 ? "  (nothing received)\n" : sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
