package dev.facet.simulator.traffic;

import dev.facet.simulator.scenario.Bodies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A stand-in for serving and ground-truth that records what it receives: {@code /predict} (and
 * {@code /models/{name}/predict}, as the same diamonds model) answers 400 for a
 * body that is not a valid diamond (by the real schema validator) and 200 with a fresh prediction id
 * otherwise; {@code /feedback} answers 202; {@code GET /health/live} 200, recording when each arrived.
 * Every {@code failEvery}-th prediction gets a 503 when set.
 */
final class RecordingServer {

    /** @param model the model the path named, or empty for the original {@code /predict} */
    record Predict(String model, String body, boolean valid, String predictionId, long respondedNanos) {
    }

    /** @param actual the body's {@code actual}: a number or a label */
    record Feedback(String predictionId, Object actual, long arrivedNanos) {
    }

    final ConcurrentLinkedQueue<Predict> predictions = new ConcurrentLinkedQueue<>();
    final Map<String, Predict> byId = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Feedback> feedback = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> healthChecks = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final int failEvery;
    private final Predicate<String> valid;
    private HttpServer server;

    RecordingServer(int failEvery) {
        this(failEvery, Bodies::isValidDiamond);
    }

    /** @param valid judges a prediction body, as the model's schema would */
    RecordingServer(int failEvery, Predicate<String> valid) {
        this.failEvery = failEvery;
        this.valid = valid;
    }

    Future<RecordingServer> start(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/predict").handler(BodyHandler.create()).handler(this::predict);
        router.post("/models/:name/predict").handler(BodyHandler.create()).handler(this::predict);
        router.post("/feedback").handler(BodyHandler.create()).handler(this::feedback);
        router.get("/health/live").handler(ctx -> {
            healthChecks.add(System.nanoTime());
            ctx.response().end("{\"status\":\"UP\"}");
        });
        return vertx.createHttpServer().requestHandler(router).listen(0).map(s -> {
            server = s;
            return this;
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void predict(RoutingContext ctx) {
        String body = ctx.body().asString();
        String model = ctx.pathParam("name") == null ? "" : ctx.pathParam("name");
        long n = ids.incrementAndGet();
        if (failEvery > 0 && n % failEvery == 0) {
            predictions.add(new Predict(model, body, valid.test(body), null, System.nanoTime()));
            ctx.response().setStatusCode(503).end(new JsonObject().put("error", "unavailable").encode());
            return;
        }
        if (!valid.test(body)) {
            predictions.add(new Predict(model, body, false, null, System.nanoTime()));
            ctx.response().setStatusCode(400).end(new JsonObject().put("error", "validation").encode());
            return;
        }
        String id = "p-" + n;
        Predict p = new Predict(model, body, true, id, System.nanoTime());
        byId.put(id, p);
        predictions.add(p);
        ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("prediction_id", id).put("price", 1234.5).encode());
    }

    private void feedback(RoutingContext ctx) {
        long now = System.nanoTime();
        JsonObject json = ctx.body().asJsonObject();
        feedback.add(new Feedback(json.getString("prediction_id"), json.getValue("actual"), now));
        ctx.response().setStatusCode(202).end();
    }
}
