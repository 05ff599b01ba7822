package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.ClientErrorException;
import dev.facet.serving.prediction.InvalidInputException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /api/status}: the drift-worker's {@code GET /drift} and ground-truth's {@code GET /quality}, fetched
 * by the server so the home page needs no CORS. Each peer is asked in parallel with a short timeout; a peer that
 * is down, slow or answers something else is reported as such ({@code reachable: false} and why) and the route
 * still answers 200: the page shows what it can. The peers' JSON is passed through unchanged under
 * {@code report}, so serving does not couple to their shapes. {@code ?model=NAME} (the home page's picked model) is
 * passed on to both peers, which answer for that model; nothing else of the query is, since the peers' other
 * parameters are theirs to define, not a browser's to reach through serving.
 *
 * <p>Runs on the event loop: two non-blocking client calls; parsing their JSON (a few kB) is microseconds.
 */
public final class PeerStatus {

    /** A model's name, as the repository and the peers accept it; anything else is refused before a peer is asked. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A peer's report above this is not passed through (a misconfigured URL pointing at something big). */
    private static final int MAX_BODY = 512 * 1024;

    /** The drift-worker's report page holds every feature's histograms and a day of history. */
    private static final int MAX_REPORT = 16 * 1024 * 1024;

    private final WebClient client;
    private final String driftBase;
    private final String driftUrl;
    private final String qualityUrl;
    private final long timeoutMs;

    public PeerStatus(Vertx vertx, String driftUrl, String qualityUrl, Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("facet-serving"));
        this.driftBase = driftUrl;
        this.driftUrl = driftUrl + "/drift";
        this.qualityUrl = qualityUrl + "/quality";
        this.timeoutMs = timeout.toMillis();
    }

    public void handle(RoutingContext ctx) {
        List<String> models = ctx.queryParam("model");
        if (models.size() > 1 || (models.size() == 1 && !MODEL_NAME.matcher(models.get(0)).matches())) {
            ctx.fail(new InvalidInputException(List.of(new FieldError("model", models.size() > 1
                    ? "give one model, not " + models.size()
                    : "must be a model's name: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'"))));
            return;
        }
        String model = models.isEmpty() ? null : models.get(0);
        Future<JsonObject> drift = fetch(driftUrl, model);
        Future<JsonObject> quality = fetch(qualityUrl, model);
        Future.join(drift, quality).onComplete(x -> ServingVerticle.REPLIES.send(ctx, 200, new JsonObject()
                .put("checked_at", Instant.now().toString())
                .put("drift", drift.result())
                .put("quality", quality.result()).toBuffer()));
    }

    /**
     * {@code GET /models/{name}/report}: the drift-worker's report page of a model this service serves, passed
     * through (status, type, body; with {@code ?download=1} its attachment header too), so that the home page's
     * link works wherever serving is reachable, in Compose as well, where the drift-worker's address is internal.
     * The caller has checked the name against the repository. A drift-worker that is down or slow is a 503 in the
     * one error shape; one that answers an error passes its (JSON) error through.
     */
    public void report(RoutingContext ctx, String model) {
        boolean download = "1".equals(ctx.request().getParam("download"));
        String asked = driftBase + "/report?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + (download ? "&download=1" : "");
        client.getAbs(asked).timeout(timeoutMs).connectTimeout(timeoutMs).send().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "the drift-worker at " + driftBase
                        + ", which draws the report, did not answer: " + describe(ar.cause())));
                return;
            }
            HttpResponse<Buffer> r = ar.result();
            Buffer body = r.body() == null ? Buffer.buffer() : r.body();
            if (body.length() > MAX_REPORT) {
                ctx.fail(new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "the drift-worker's report is over "
                        + MAX_REPORT + " bytes"));
                return;
            }
            var response = ctx.response().setStatusCode(r.statusCode());
            for (String header : List.of("Content-Type", "Content-Disposition")) {
                String v = r.getHeader(header);
                if (v != null) {
                    response.putHeader(header, v);
                }
            }
            response.end(body);
        });
    }

    /** Never fails: an unreachable peer is a result ({@code reachable: false}), not an error. */
    private Future<JsonObject> fetch(String url, String model) {
        // the pattern admits no character that needs encoding; encoding anyway keeps the URL safe if it ever widens
        String asked = model == null ? url : url + "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        JsonObject out = new JsonObject().put("url", asked);
        return client.getAbs(asked).timeout(timeoutMs).connectTimeout(timeoutMs).send()
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
