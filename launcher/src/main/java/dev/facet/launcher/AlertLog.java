package dev.facet.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.json.Json;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The local stand-in for Compose's alert-webhook: an HTTP server on a free loopback port that receives
 * Alertmanager's webhook notifications (POST /&lt;receiver&gt;), appends one JSON line per alert to the alerts log
 * and says one human line per alert on the console. The JDK's server, not a Vert.x one: it needs no event loop,
 * and its one handler thread may block on the file append, which also keeps the lines in arrival order.
 */
final class AlertLog {

    /** Alertmanager batches a group's alerts into one notification; a thousand alerts fit well within it. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService handler;
    private final Path file;
    private final Consumer<String> console;

    private AlertLog(HttpServer server, ExecutorService handler, Path file, Consumer<String> console) {
        this.server = server;
        this.handler = handler;
        this.file = file;
        this.console = console;
    }

    /** Listens on 127.0.0.1 at a free port; {@code console} gets the human line of each alert. */
    static AlertLog start(Path file, Consumer<String> console) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handler = Executors.newSingleThreadExecutor(r -> new Thread(r, "facet-alert-log"));
        AlertLog log = new AlertLog(server, handler, file, console);
        server.createContext("/", log::handle);
        server.setExecutor(handler);
        server.start();
        return log;
    }

    /** Where a receiver's webhook posts: this server, with the receiver's name as the path. */
    String url(String receiver) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + receiver;
    }

    Path file() {
        return file;
    }

    void stop() {
        server.stop(0);
        handler.shutdown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, ErrorBody.Kind.METHOD_NOT_ALLOWED, "POST Alertmanager's webhook JSON here");
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody());
            if (body == null) {
                reply(exchange, ErrorBody.Kind.PAYLOAD_TOO_LARGE, "body over " + MAX_BODY_BYTES + " bytes");
                return;
            }
            JsonObject notification;
            try {
                notification = new JsonObject(new String(body, StandardCharsets.UTF_8));
            } catch (DecodeException | ClassCastException e) {
                reply(exchange, ErrorBody.Kind.MALFORMED_JSON, "body is not a JSON object");
                return;
            }
            if (!(notification.getValue("alerts") instanceof JsonArray alerts)) {
                reply(exchange, ErrorBody.Kind.VALIDATION, "\"alerts\": must be an array of alerts");
                return;
            }
            StringBuilder lines = new StringBuilder();
            String receiver = notification.getString("receiver", "");
            for (Object a : alerts) {
                if (a instanceof JsonObject alert) {
                    JsonObject line = line(receiver, alert);
                    lines.append(line.encode()).append('\n');
                    console.accept("ALERT " + line.getString("status") + " " + line.getString("alertname") + " ("
                            + line.getString("severity") + ") → " + receiver + ": " + line.getString("summary"));
                }
            }
            Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** One alert as a log line; a label or annotation the alert lacks is null. */
    private static JsonObject line(String receiver, JsonObject alert) {
        JsonObject labels = object(alert.getValue("labels"));
        JsonObject annotations = object(alert.getValue("annotations"));
        return new JsonObject()
                .put("receiver", receiver)
                .put("status", text(alert.getValue("status")))
                .put("alertname", text(labels.getValue("alertname")))
                .put("severity", text(labels.getValue("severity")))
                .put("summary", text(annotations.getValue("summary")))
                .put("startsAt", text(alert.getValue("startsAt")))
                .put("endsAt", text(alert.getValue("endsAt")));
    }

    private static JsonObject object(Object o) {
        return o instanceof JsonObject j ? j : new JsonObject();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    /** The whole body, or null when it is longer than the limit. */
    private static byte[] readAtMost(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void reply(HttpExchange exchange, ErrorBody.Kind kind, String message) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(ErrorBody.of(kind, message));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(kind.status(), json.length);
        exchange.getResponseBody().write(json);
    }
}
