package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.forest.Explanation;
import dev.facet.contracts.schema.Diamond;
import dev.facet.service.http.BearerAuth;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.health.Health;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.HttpServers;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.http.RequestLimits;
import dev.facet.service.metrics.PrometheusScrape;
import dev.facet.serving.ServingConfig;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.metrics.HttpResponses;
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
import io.vertx.ext.web.handler.StaticHandler;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP server: every route in {@link #router()}. Several instances share the port, one per event loop;
 * all state they share (model reference, metrics, publisher) is thread-safe.
 *
 * <p>Where things run: a single row (streaming parse and validation, compiled forest ~1 µs, event encode
 * and hand-off ~2 µs; about 26-28 µs of CPU a request in all at saturation, 40% of it in the kernel) runs on the event loop. A batch or V2 body over {@link #INLINE_BODY_BYTES} (about 64 compact
 * rows) is parsed, validated, predicted and encoded on a worker thread, so a 1000-row batch (milliseconds)
 * never stalls the loop. The threshold is in bytes because the cost that matters starts with parsing, before
 * the rows are counted. Such a reply is gzipped there too when the client accepts it ({@link Replies.Body}), not
 * by the server's compressor on the event loop.
 *
 * <p>{@code POST /explain} parses and validates on the event loop, then runs TreeSHAP off it: its cost grows with
 * the forest's size, not its depth. Measured (2-core machine, load average 3-7, 300 rows after warm-up): 0.26-0.34
 * ms a row for the 8-tree test forest (3,942 nodes), 19.5-19.9 ms for the shipped 40-tree forest (190,636 nodes),
 * against 0.4-1 µs and 5-8 µs for their predictions. Even the small figure is hundreds of predictions' worth of
 * loop time, so it never runs inline. It runs on its own worker pool of one thread per core
 * ({@value #EXPLAIN_POOL}), so a burst of explanations queues there (bounded by the request timeout and the
 * in-flight cap) instead of taking every worker the batch path needs.
 *
 * <p>Stop: {@link #stop()} shuts the server down gracefully: no new connections, in-flight requests finish
 * (at most {@code http.shutdown.grace.ms}), then connections close.
 */
public final class ServingVerticle extends VerticleBase {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServingVerticle.class);

    /** Bodies larger than this are handled off the event loop. */
    public static final int INLINE_BODY_BYTES = 8 * 1024;

    /** Name of the shared worker pool of explanations (one per Vert.x instance, shared by the HTTP verticles). */
    static final String EXPLAIN_POOL = "facet-explain";

    /** {@code POST /admin/reload} takes at most {@code {"version": "..."}}. */
    static final int ADMIN_BODY_BYTES = 1024;

    /**
     * What the verticles of one service share (all thread-safe).
     *
     * @param admin     the reload endpoint; null when no admin token is configured
     * @param adminAuth the bearer check of the admin routes; empty when they are disabled (not mounted: 404)
     */
    public record Parts(PredictionService predictions, ServingMetrics metrics, PrometheusMeterRegistry registry,
                        Supplier<List<Health.Component>> health, Buffer openApi, Supplier<Buffer> modelInfo,
                        AdminEndpoints admin, Optional<BearerAuth> adminAuth) {
    }

    private final ServingConfig config;
    private final PredictionService predictions;
    private final ServingMetrics metrics;
    private final Parts parts;
    private final int port;
    private HttpServer server;
    private PeerStatus peers;
    private io.vertx.core.WorkerExecutor explainPool;

    /** @param port the port to bind (the resolved one when the config asks for 0) */
    public ServingVerticle(ServingConfig config, int port, Parts parts) {
        this.config = config;
        this.port = port;
        this.parts = parts;
        this.predictions = parts.predictions();
        this.metrics = parts.metrics();
    }

    @Override
    public Future<?> start() {
        peers = new PeerStatus(vertx, config.driftUrl(), config.qualityUrl(), config.linksTimeout());
        explainPool = vertx.createSharedWorkerExecutor(EXPLAIN_POOL, Math.max(1, Runtime.getRuntime().availableProcessors()));
        // idle timeout, HTTP/1.1 only, unreadable requests as JSON: as every service (HttpServers); then gzip for
        // clients that accept it (small replies opt out: Replies.send); no WebSockets here, and without their
        // compression extensions Netty's pipeline has no handler inspecting every request for a handshake
        HttpServerOptions options = HttpServers.options(config.idleTimeout()).setCompressionSupported(true)
                .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false);
        return vertx.createHttpServer(options)
                .invalidRequestHandler(HttpServers.invalidRequests())
                .requestHandler(router())
                .listen(port, config.httpHost())
                .onSuccess(s -> server = s);
    }

    /**
     * Graceful: Vert.x 5's {@code shutdown(timeout)} stops accepting connections and closes idle ones; then this
     * waits until no request is in flight (the service-wide count of {@link RequestLimits}), at most
     * {@code http.shutdown.grace.ms}, because a request whose work runs on a worker (a batch, an explanation) is
     * not seen as busy by the connection and would otherwise still be publishing when the app closes the
     * producer. Only then does the app flush and close the producer ({@code ServingApp#stop}).
     */
    @Override
    public Future<?> stop() {
        peers.close();
        if (server == null) {
            explainPool.close();
            return Future.succeededFuture();
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        return server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)
                .transform(x -> drained(deadline))
                .onComplete(x -> {
                    explainPool.close();
                    LOG.info("HTTP server on port {} stopped; {} requests still in flight", port, metrics.inFlight().get());
                });
    }

    /** Completes when no request is in flight or at {@code deadline} (a 10 ms poll: shutdown is not a hot path). */
    private Future<Void> drained(long deadline) {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        vertx.setPeriodic(0, 10, id -> {
            if (metrics.inFlight().get() <= 0 || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    public int actualPort() {
        return server.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        // first, so that every answer is counted, whichever handler gives it
        HttpResponses responses = new HttpResponses(parts.registry());
        router.route().handler(responses);
        BodyHandler row = BodyHandler.create(false).setBodyLimit(config.bodyMaxBytes());
        BodyHandler batch = BodyHandler.create(false).setBodyLimit(config.batchBodyMaxBytes());
        // batch and V2 bodies (up to 1 MiB each, several times that once parsed) get their own cap, before their
        // body is read, so the heap bounds them: 8 in flight hold at most tens of MB, 512 could hold gigabytes
        RequestLimits largeBodies = RequestLimits.capOnly(metrics.batchInFlight(), config.batchMaxInFlight(),
                "limits.batch.in.flight.max", metrics::refused);
        V2Endpoints v2 = new V2Endpoints(predictions, metrics, config.batchMaxRows());

        // exempt from the limits below: probes and scrapes must answer when the service is saturated
        router.get("/metrics").handler(PrometheusScrape.handler(parts.registry()));
        Health.mount(router, parts.health());
        router.get("/v2/health/live").handler(v2::live);
        router.get("/v2/health/ready").handler(v2::ready);

        // every other route: at most limits.in.flight.max at once, answered within limits.request.timeout.ms
        // and every POST takes JSON: other types are refused before a body handler would decode them as forms
        // (Netty's form decoder throws on hostile bodies, which would surface as 500s)
        router.route().handler(new RequestLimits(metrics.inFlight(), config.maxInFlight(), config.requestTimeout(), metrics::refused))
                .handler(ServingVerticle::jsonOnly);

        router.post("/predict").handler(row).handler(this::predict)
                .failureHandler(failures(Endpoint.PREDICT, config.bodyMaxBytes()));
        router.post("/explain").handler(row).handler(this::explain)
                .failureHandler(failures(Endpoint.EXPLAIN, config.bodyMaxBytes()));
        router.post("/predict/batch").handler(largeBodies).handler(batch).handler(this::batch)
                .failureHandler(failures(Endpoint.BATCH, config.batchBodyMaxBytes()));
        router.get("/model-info").handler(this::modelInfo);
        router.get("/openapi.yaml").handler(this::openApi);
        router.get("/api/status").handler(peers::handle);

        // admin: only with a token (admin.token or admin.token.file); without one the routes do not exist (404).
        // vertx-web runs body handlers before user handlers; reading at most 1 KiB before the token check is harmless
        parts.adminAuth().ifPresent(auth -> router.post("/admin/reload")
                .handler(BodyHandler.create(false).setBodyLimit(ADMIN_BODY_BYTES)).handler(auth).handler(parts.admin()::reload)
                .failureHandler(HttpErrors.failureHandler(ADMIN_BODY_BYTES, body -> { })));

        // the home page: static files from the classpath (webroot/), no templates, no external assets
        // (a StaticHandler serves paths relative to its route's prefix, hence one per directory)
        router.get("/").handler(StaticHandler.create("webroot").setMaxAgeSeconds(60));
        router.get("/assets/*").handler(StaticHandler.create("webroot/assets").setMaxAgeSeconds(60));

        // Open Inference Protocol (V2) REST, as KServe and MLServer serve it
        router.get("/v2").handler(v2::server);
        router.get("/v2/models/:name").handler(v2::metadata);
        router.get("/v2/models/:name/versions/:version").handler(v2::metadata);
        router.get("/v2/models/:name/ready").handler(v2::modelReady);
        router.get("/v2/models/:name/versions/:version/ready").handler(v2::modelReady);
        router.post("/v2/models/:name/infer").handler(largeBodies).handler(batch).handler(v2::infer)
                .failureHandler(v2.failures(config.batchBodyMaxBytes(), true));
        router.post("/v2/models/:name/versions/:version/infer").handler(largeBodies).handler(batch).handler(v2::infer)
                .failureHandler(v2.failures(config.batchBodyMaxBytes(), true));
        router.route("/v2/*").failureHandler(v2.failures(config.batchBodyMaxBytes(), false));

        router.route().failureHandler(HttpErrors.failureHandler(config.bodyMaxBytes(), body -> { }));
        Handler<RoutingContext> unmatched = ctx -> (ctx.request().path().startsWith("/v2/")
                ? v2.failures(config.batchBodyMaxBytes(), false) : HttpErrors.failureHandler(config.bodyMaxBytes(), b -> { }))
                .handle(ctx);
        router.errorHandler(404, unmatched);
        router.errorHandler(405, unmatched);
        responses.labelsFrom(router);
        return router;
    }

    /** A POST with a Content-Type other than JSON is a 415 before its body is read; none at all is left to the route. */
    private static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.POST && type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ClientErrorException(ErrorBody.Kind.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got "
                    + (type.length() > 100 ? type.substring(0, 100) + "..." : type));
        }
        ctx.next();
    }

    /** {@code POST /predict}: one diamond, on the event loop (microseconds; see the class comment). */
    private void predict(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        Diamond row = Rows.one(JsonBodies.body(ctx));
        LoadedModel m = predictions.model();
        Prediction p = predictions.predict(m, row, Endpoint.PREDICT);
        Replies.send(ctx, 200, Replies.predict(p, m.name(), m.version()));
        metrics.request(Endpoint.PREDICT, 200, start);
    }

    /**
     * {@code POST /explain}: one diamond, validated like {@code /predict} on the event loop; the prediction and its
     * TreeSHAP values on a worker (see the class comment). The prediction is published like any other.
     */
    private void explain(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        Diamond row = Rows.one(JsonBodies.body(ctx));
        LoadedModel m = predictions.model();
        if (m.explainer() == null) {
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "model " + m.name() + " " + m.version()
                    + " has no explainer: " + m.explainerNote());
        }
        explainPool.executeBlocking(() -> {
            Explanation e = m.explainer().explain(row);
            Prediction p = predictions.predict(m, row, Endpoint.EXPLAIN);
            return Replies.json(new Replies.ExplainReply(p.predictionId(), p.price(), e.expectedValue(),
                    e.byFeature(), m.name(), m.version()));
        }, false).onSuccess(json -> {
            Replies.send(ctx, 200, json);
            metrics.request(Endpoint.EXPLAIN, 200, start);
        }).onFailure(ctx::fail);
    }

    /** {@code POST /predict/batch}: all rows or none (see {@link Rows}); large bodies on a worker. */
    private void batch(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        boolean gzip = Replies.acceptsGzip(ctx);
        Callable<Replies.Body> work = () -> {
            List<Diamond> rows = Rows.batch(JsonBodies.body(ctx), config.batchMaxRows());
            LoadedModel m = predictions.model();
            List<Prediction> out = predictions.predictAll(m, rows, Endpoint.BATCH);
            return Replies.Body.of(Replies.batch(m.name(), m.version(), out), gzip);
        };
        offloadIfLarge(ctx, work).onSuccess(json -> {
            Replies.send(ctx, 200, json);
            metrics.request(Endpoint.BATCH, 200, start);
        }).onFailure(ctx::fail);
    }

    /**
     * Runs {@code work} inline for bodies up to {@link #INLINE_BODY_BYTES}, on a worker for larger ones (the batch
     * and V2 inference routes). The routing context is only read (headers, body) by the worker while the event
     * loop waits for the result, so no state is shared racily. A failure, inline or not, is a failed future.
     */
    public static <T> Future<T> offloadIfLarge(RoutingContext ctx, Callable<T> work) {
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
        Replies.send(ctx, 200, parts.modelInfo().get());
    }

    private void openApi(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/yaml").end(parts.openApi());
    }

    /** Failure handler of a prediction route: the one error shape, counted by kind and field, and timed. */
    private Handler<RoutingContext> failures(Endpoint endpoint, long limit) {
        Handler<RoutingContext> errors = HttpErrors.failureHandler(limit, body -> ErrorAccounting.count(metrics, body));
        return ctx -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                return; // already answered (timed out) or the client left: nothing to write, nothing to count twice
            }
            errors.handle(ctx);
            metrics.request(endpoint, ctx.response().getStatusCode(), ErrorAccounting.start(ctx));
        };
    }
}
