package dev.facet.bench.http;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondReader;
import dev.facet.service.http.JsonBodies;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;

/**
 * The ceiling: the same Vert.x HTTP stack, body handler and JSON parsing as serving's {@code /predict} and
 * {@code /predict/batch} (the streaming {@link DiamondReader}, falling back to Vert.x's parser as serving's
 * {@code Rows} does), with no model, no metrics and no Kafka; it answers a constant of
 * the same shape and about the same size. Serving's throughput over this one is the share of the ceiling we
 * keep. Parsing and answering are microseconds, so both run on the event loop, as in serving.
 */
public final class BareServer extends VerticleBase {

    private static final Buffer ONE = Buffer.buffer(
            "{\"prediction_id\":\"0190a3c1-7a2b-7c3d-9e4f-5a6b7c8d9e0f\",\"price\":3932.53,\"model\":\"diamond-price\",\"model_version\":\"1\"}");

    private final int port;

    private BareServer(int port) {
        this.port = port;
    }

    /** Deploys {@code instances} verticles sharing {@code port} (0 = free) on {@code vertx}; returns the bound port. */
    public static Future<Integer> deploy(Vertx vertx, int port, int instances) {
        if (port == 0) {
            // bind once to learn a free port, then let every instance share it
            return vertx.createHttpServer().requestHandler(r -> { }).listen(0)
                    .compose(probe -> {
                        int p = probe.actualPort();
                        return probe.close().compose(v -> deploy(vertx, p, instances));
                    });
        }
        return vertx.deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(instances))
                .map(id -> port);
    }

    /** {@code BARE_HTTP_PORT=... java -cp ... BareServer}: the ceiling in its own JVM, two instances as serving. */
    public static void main(String[] args) {
        deploy(Vertx.vertx(), Integer.parseInt(System.getenv().getOrDefault("BARE_HTTP_PORT", "8090")), 2)
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.post("/predict").handler(BodyHandler.create(false).setBodyLimit(65_536)).handler(this::predict);
        router.post("/predict/batch").handler(BodyHandler.create(false).setBodyLimit(1 << 20)).handler(this::batch);
        router.get("/health/ready").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
        return vertx.createHttpServer().requestHandler(router).listen(port);
    }

    private void predict(RoutingContext ctx) {
        Buffer body = JsonBodies.body(ctx);
        if (DiamondReader.read(body.getBytes()) == null) {
            JsonBodies.decode(body);
        }
        ctx.response().putHeader("content-type", "application/json").end(ONE);
    }

    private void batch(RoutingContext ctx) {
        Buffer body = JsonBodies.body(ctx);
        List<Diamond> rows = DiamondReader.readArray(body.getBytes(), Integer.MAX_VALUE);
        int n = rows != null ? rows.size() : JsonBodies.decode(body) instanceof JsonArray a ? a.size() : 0;
        Buffer out = Buffer.buffer(n * 70 + 64).appendString("{\"model\":\"diamond-price\",\"predictions\":[");
        for (int i = 0; i < n; i++) {
            out.appendString(i == 0 ? "" : ",").appendString("{\"prediction_id\":\"0190a3c1-7a2b-7c3d-9e4f-5a6b7c8d9e0f\",\"price\":3932.53}");
        }
        ctx.response().putHeader("content-type", "application/json").end(out.appendString("]}"));
    }
}
