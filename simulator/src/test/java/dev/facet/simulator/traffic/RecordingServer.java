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

/**
 * A stand-in for serving and ground-truth that records what it receives: {@code /predict} answers 400 for a
 * body that is not a valid diamond (by the real schema validator) and 200 with a fresh prediction id
 * otherwise; {@code /feedback} answers 202; {@code GET /health/live} 200, recording when each arrived.
 * Every {@code failEvery}-th prediction gets a 503 when set.
 */
final class RecordingServer {

    record Predict(String body, boolean valid, String predictionId, long respondedNanos) {
    }

    record Feedback(String predictionId, double actualPrice, long arrivedNanos) {
    }

    final ConcurrentLinkedQueue<Predict> predictions = new ConcurrentLinkedQueue<>();
    final Map<String, Predict> byId = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Feedback> feedback = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> healthChecks = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final int failEvery;
    private HttpServer server;

    RecordingServer(int failEvery) {
        this.failEvery = failEvery;
    }

    Future<RecordingServer> start(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/predict").handler(BodyHandler.create()).handler(this::predict);
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
        long n = ids.incrementAndGet();
        if (failEvery > 0 && n % failEvery == 0) {
            predictions.add(new Predict(body, Bodies.isValidDiamond(body), null, System.nanoTime()));
            ctx.response().setStatusCode(503).end(new JsonObject().put("error", "unavailable").encode());
            return;
        }
        if (!Bodies.isValidDiamond(body)) {
            predictions.add(new Predict(body, false, null, System.nanoTime()));
            ctx.response().setStatusCode(400).end(new JsonObject().put("error", "validation").encode());
            return;
        }
        String id = "p-" + n;
        Predict p = new Predict(body, true, id, System.nanoTime());
        byId.put(id, p);
        predictions.add(p);
        ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("prediction_id", id).put("price", 1234.5).encode());
    }

    private void feedback(RoutingContext ctx) {
        long now = System.nanoTime();
        JsonObject json = ctx.body().asJsonObject();
        feedback.add(new Feedback(json.getString("prediction_id"), json.getDouble("actual_price"), now));
        ctx.response().setStatusCode(202).end();
    }
}
