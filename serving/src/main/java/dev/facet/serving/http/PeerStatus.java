package dev.facet.serving.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/status}: the drift-worker's {@code GET /drift} and ground-truth's {@code GET /quality}, fetched
 * by the server so the home page needs no CORS. Each peer is asked in parallel with a short timeout; a peer that
 * is down, slow or answers something else is reported as such ({@code reachable: false} and why) and the route
 * still answers 200: the page shows what it can. The peers' JSON is passed through unchanged under
 * {@code report}, so serving does not couple to their shapes.
 *
 * <p>Runs on the event loop: two non-blocking client calls; parsing their JSON (a few kB) is microseconds.
 */
public final class PeerStatus {

    /** A peer's report above this is not passed through (a misconfigured URL pointing at something big). */
    private static final int MAX_BODY = 512 * 1024;

    private final WebClient client;
    private final String driftUrl;
    private final String qualityUrl;
    private final long timeoutMs;

    public PeerStatus(Vertx vertx, String driftUrl, String qualityUrl, Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("facet-serving"));
        this.driftUrl = driftUrl + "/drift";
        this.qualityUrl = qualityUrl + "/quality";
        this.timeoutMs = timeout.toMillis();
    }

    public void handle(RoutingContext ctx) {
        Future<JsonObject> drift = fetch(driftUrl);
        Future<JsonObject> quality = fetch(qualityUrl);
        Future.join(drift, quality).onComplete(x -> ServingVerticle.REPLIES.send(ctx, 200, new JsonObject()
                .put("checked_at", Instant.now().toString())
                .put("drift", drift.result())
                .put("quality", quality.result()).toBuffer()));
    }

    /** Never fails: an unreachable peer is a result ({@code reachable: false}), not an error. */
    private Future<JsonObject> fetch(String url) {
        JsonObject out = new JsonObject().put("url", url);
        return client.getAbs(url).timeout(timeoutMs).connectTimeout(timeoutMs).send()
                .map(r -> answered(out, r))
                .otherwise(err -> out.put("reachable", false).put("error", describe(err)));
    }

    private static JsonObject answered(JsonObject out, HttpResponse<Buffer> r) {
        out.put("reachable", true).put("http_status", r.statusCode());
        Buffer body = r.body();
        if (r.statusCode() != 200) {
            return out.put("error", "answered HTTP " + r.statusCode());
        }
        if (body == null || body.length() > MAX_BODY) {
            return out.put("error", "no report or a report over " + MAX_BODY + " bytes");
        }
        try {
            return out.put("report", body.toJsonObject());
        } catch (RuntimeException e) {
            return out.put("error", "the answer is not a JSON object");
        }
    }

    private static String describe(Throwable err) {
        String m = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    public void close() {
        client.close();
    }
}
