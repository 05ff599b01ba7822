package dev.facet.serving.http;

import dev.facet.common.schema.Diamond;
import dev.facet.service.health.Health;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.metrics.PrometheusScrape;
import dev.facet.serving.ServingConfig;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.metrics.ServingMetrics.Endpoint;
import dev.facet.serving.prediction.Prediction;
import dev.facet.serving.prediction.PredictionService;
import dev.facet.serving.prediction.Rows;
import dev.facet.serving.v2.V2Endpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The HTTP server: every route in {@link #router()}. Several instances share the port, one per event loop;
 * all state they share (model reference, metrics, publisher) is thread-safe.
 *
 * <p>Where things run: a single row (parse ~2 µs, validate &lt;1 µs, compiled forest ~1-2 µs, event encode and
 * hand-off ~2 µs) runs on the event loop. A batch or V2 body over {@link #INLINE_BODY_BYTES} (about 64 compact
 * rows) is parsed, validated, predicted and encoded on a worker thread, so a 1000-row batch (milliseconds)
 * never stalls the loop. The threshold is in bytes because the cost that matters starts with parsing, before
 * the rows are counted.
 */
public final class ServingVerticle extends VerticleBase {

    /** Bodies larger than this are handled off the event loop. */
    public static final int INLINE_BODY_BYTES = 8 * 1024;

    private final ServingConfig config;
    private final PredictionService predictions;
    private final ServingMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final Supplier<List<Health.Component>> health;
    private final Buffer openApi;
    private final Supplier<Buffer> modelInfo;
    private final int port;
    private HttpServer server;

    /** @param port the port to bind (the resolved one when the config asks for 0) */
    public ServingVerticle(ServingConfig config, int port, PredictionService predictions, ServingMetrics metrics,
                           PrometheusMeterRegistry registry, Supplier<List<Health.Component>> health,
                           Buffer openApi, Supplier<Buffer> modelInfo) {
        this.config = config;
        this.port = port;
        this.predictions = predictions;
        this.metrics = metrics;
        this.registry = registry;
        this.health = health;
        this.openApi = openApi;
        this.modelInfo = modelInfo;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(router())
                .listen(port, config.httpHost())
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        BodyHandler row = BodyHandler.create(false).setBodyLimit(config.bodyMaxBytes());
        BodyHandler batch = BodyHandler.create(false).setBodyLimit(config.batchBodyMaxBytes());
        V2Endpoints v2 = new V2Endpoints(vertx, predictions, metrics, config.batchMaxRows(), INLINE_BODY_BYTES);

        router.post("/predict").handler(row).handler(this::predict)
                .failureHandler(failures(Endpoint.PREDICT, config.bodyMaxBytes()));
        router.post("/predict/batch").handler(batch).handler(this::batch)
                .failureHandler(failures(Endpoint.BATCH, config.batchBodyMaxBytes()));
        router.get("/model-info").handler(this::modelInfo);
        router.get("/metrics").handler(PrometheusScrape.handler(registry));
        router.get("/openapi.yaml").handler(this::openApi);
        Health.mount(router, health);

        // Open Inference Protocol (V2) REST, as KServe and MLServer serve it
        router.get("/v2").handler(v2::server);
        router.get("/v2/health/live").handler(v2::live);
        router.get("/v2/health/ready").handler(v2::ready);
        router.get("/v2/models/:name").handler(v2::metadata);
        router.get("/v2/models/:name/versions/:version").handler(v2::metadata);
        router.get("/v2/models/:name/ready").handler(v2::modelReady);
        router.get("/v2/models/:name/versions/:version/ready").handler(v2::modelReady);
        router.post("/v2/models/:name/infer").handler(batch).handler(v2::infer)
                .failureHandler(v2.failures(config.batchBodyMaxBytes(), true));
        router.post("/v2/models/:name/versions/:version/infer").handler(batch).handler(v2::infer)
                .failureHandler(v2.failures(config.batchBodyMaxBytes(), true));
        router.route("/v2/*").failureHandler(v2.failures(config.batchBodyMaxBytes(), false));

        router.route().failureHandler(HttpErrors.failureHandler(config.bodyMaxBytes(), body -> { }));
        Handler<RoutingContext> unmatched = ctx -> (ctx.request().path().startsWith("/v2/")
                ? v2.failures(config.batchBodyMaxBytes(), false) : HttpErrors.failureHandler(config.bodyMaxBytes(), b -> { }))
                .handle(ctx);
        router.errorHandler(404, unmatched);
        router.errorHandler(405, unmatched);
        return router;
    }

    /** {@code POST /predict}: one diamond, on the event loop (microseconds; see the class comment). */
    private void predict(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        Diamond row = Rows.one(JsonBodies.parse(ctx));
        LoadedModel m = predictions.model();
        Prediction p = predictions.predict(m, row, Endpoint.PREDICT);
        Replies.send(ctx, 200, Replies.json(new Replies.PredictReply(p.predictionId(), p.price(), m.name(), m.version())));
        metrics.request(Endpoint.PREDICT, 200, start);
    }

    /** {@code POST /predict/batch}: all rows or none (see {@link Rows}); large bodies on a worker. */
    private void batch(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        Callable<Buffer> work = () -> {
            List<Diamond> rows = Rows.batch(JsonBodies.parse(ctx), config.batchMaxRows());
            LoadedModel m = predictions.model();
            List<Replies.BatchReply.Row> out = predictions.predictAll(m, rows, Endpoint.BATCH).stream()
                    .map(p -> new Replies.BatchReply.Row(p.predictionId(), p.price())).toList();
            return Replies.json(new Replies.BatchReply(m.name(), m.version(), out));
        };
        offloadIfLarge(ctx, work).onSuccess(json -> {
            Replies.send(ctx, 200, json);
            metrics.request(Endpoint.BATCH, 200, start);
        }).onFailure(ctx::fail);
    }

    /**
     * Runs {@code work} inline for small bodies, on a worker for large ones. The routing context is only read
     * (headers, body) by the worker while the event loop waits for the result, so no state is shared racily.
     */
    static Future<Buffer> offloadIfLarge(RoutingContext ctx, Callable<Buffer> work) {
        Buffer body = ctx.body().buffer();
        if (body != null && body.length() > INLINE_BODY_BYTES) {
            return ctx.vertx().executeBlocking(work, false);
        }
        try {
            return Future.succeededFuture(work.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    private void modelInfo(RoutingContext ctx) {
        Replies.send(ctx, 200, modelInfo.get());
    }

    private void openApi(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/yaml").end(openApi);
    }

    /** Failure handler of a prediction route: the one error shape, counted by kind and field, and timed. */
    private Handler<RoutingContext> failures(Endpoint endpoint, long limit) {
        Handler<RoutingContext> errors = HttpErrors.failureHandler(limit, body -> ErrorAccounting.count(metrics, body));
        return ctx -> {
            errors.handle(ctx);
            metrics.request(endpoint, ctx.response().getStatusCode(), ErrorAccounting.start(ctx));
        };
    }
}
