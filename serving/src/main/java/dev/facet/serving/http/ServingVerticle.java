package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.Diamond;
import dev.facet.forest.Explanation;
import dev.facet.service.http.BearerAuth;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.Health;
import dev.facet.service.http.HttpErrors.DomainErrors;
import dev.facet.service.http.HttpErrors.Renderer;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.HttpServers;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.http.JsonReplies;
import dev.facet.service.http.PrometheusScrape;
import dev.facet.service.http.RequestLimits;
import dev.facet.serving.config.ServingConfig;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelRepository;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.Prediction;
import dev.facet.serving.prediction.PredictionService;
import dev.facet.serving.prediction.Rows;
import dev.facet.serving.v2.V2Endpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP server: every route in {@link #router()}. Several instances share the port, one per event loop;
 * all state they share (model reference, metrics, publisher) is thread-safe.
 *
 * <p>Where things run: a single row (streaming parse and validation, the compiled forest, event encode and
 * hand-off: microseconds in all) runs on the event loop. A batch or V2 body over {@link Offload#INLINE_BODY_BYTES}
 * is parsed, validated, predicted and encoded on a worker thread ({@link Offload}), so a 1000-row batch
 * (milliseconds) never stalls the loop. Such a reply is gzipped there too when the client accepts it
 * ({@link JsonReplies#body}), not by the server's compressor on the event loop. Costs: BENCHMARKS.md.
 *
 * <p>{@code POST /explain} parses and validates on the event loop, then runs TreeSHAP off it: its cost grows with
 * the forest's size, not its depth, and even on a small forest one explanation costs hundreds of predictions'
 * worth of loop time (BENCHMARKS.md), so it never runs inline. It runs on its own worker pool of one thread per core
 * ({@value #EXPLAIN_POOL}), so a burst of explanations queues there (bounded by the request timeout and the
 * in-flight cap) instead of taking every worker the batch path needs.
 *
 * <p>Stop: {@link #stop()} shuts the server down gracefully: no new connections, in-flight requests finish
 * (at most {@code http.shutdown.grace.ms}), then connections close.
 */
public final class ServingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ServingVerticle.class);

    /**
     * Replies smaller than this are never gzipped, whatever the client accepts: a /predict reply (about 130 bytes)
     * would shrink by a few bytes for the price of a deflater set up per response.
     */
    static final int GZIP_MIN_BYTES = 1024;

    /** Name of the shared worker pool of explanations (one per Vert.x instance, shared by the HTTP verticles). */
    static final String EXPLAIN_POOL = "facet-explain";

    /** {@code POST /admin/reload} takes at most {@code {"version": "..."}}. */
    static final int ADMIN_BODY_BYTES = 1024;

    /**
     * What the verticles of one service share (all thread-safe).
     *
     * @param admission the service's requests in flight (one for all instances)
     * @param admin     the reload endpoint; null when no admin token is configured
     * @param adminAuth the bearer check of the admin routes; empty when they are disabled (not mounted: 404)
     */
    public record Parts(PredictionService predictions, ServingMetrics metrics, Admission admission,
                        PrometheusMeterRegistry registry, Supplier<List<Health.Component>> health, Buffer openApi,
                        Supplier<Buffer> modelInfo, AdminEndpoints admin, Optional<BearerAuth> adminAuth,
                        ModelRepository repository) {
    }

    /** Every reply of this server: it compresses (see {@link #start}), small replies opt out. */
    static final JsonReplies REPLIES = JsonReplies.compressingFrom(GZIP_MIN_BYTES);

    private static final Handler<RoutingContext> NEXT = RoutingContext::next;

    private final ServingConfig config;
    private final PredictionService predictions;
    private final ServingMetrics metrics;
    private final Admission admission;
    private final DomainErrors domainErrors = new ServingErrors();
    private final Parts parts;
    private final int port;
    private HttpServer server;
    private volatile List<String> routePaths = List.of();
    private PeerStatus peers;
    private WorkerExecutor explainPool;
    private ModelEndpoints models;

    /** @param port the port to bind (the resolved one when the config asks for 0) */
    public ServingVerticle(ServingConfig config, int port, Parts parts) {
        this.config = config;
        this.port = port;
        this.parts = parts;
        this.predictions = parts.predictions();
        this.metrics = parts.metrics();
        this.admission = parts.admission();
    }

    @Override
    public Future<?> start() {
        peers = new PeerStatus(vertx, config.driftUrl(), config.qualityUrl(), config.linksTimeout());
        explainPool = vertx.createSharedWorkerExecutor(EXPLAIN_POOL, Math.max(1, Runtime.getRuntime().availableProcessors()));
        // idle timeout, HTTP/1.1 only, unreadable requests as JSON: as every service (HttpServers); then gzip for
        // clients that accept it (small replies opt out: REPLIES); no WebSockets here, and without their
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
     * waits until no request is in flight (the service-wide count of {@link Admission}), at most
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
                .transform(x -> admission.drained(vertx, deadline))
                .onComplete(x -> {
                    explainPool.close();
                    LOG.info("HTTP server on port {} stopped; {} requests still in flight", port, admission.inFlight());
                });
    }

    public int actualPort() {
        return server.actualPort();
    }

    /**
     * The paths this instance routes, as declared ({@code /models/:name/predict}); empty before start. The OpenAPI
     * contract test holds the document to them.
     */
    public List<String> routePaths() {
        return routePaths;
    }

    private Router router() {
        Router router = Router.router(vertx);
        // first, so that every answer is counted, whichever handler gives it
        HttpResponses responses = new HttpResponses(parts.registry());
        router.route().handler(responses);
        BodyHandler row = BodyHandler.create(false).setBodyLimit(config.bodyMaxBytes());
        BodyHandler batch = BodyHandler.create(false).setBodyLimit(config.batchBodyMaxBytes());
        // batch and V2 bodies get their own, smaller cap before their body is read (see Admission)
        RequestLimits largeBodies = admission.largeBodies(config, metrics::refused);
        V2Endpoints v2 = new V2Endpoints(predictions, REPLIES, config.batchMaxRows(), parts.repository());
        models = new ModelEndpoints(parts.repository(), predictions, metrics, config.batchMaxRows());
        Renderer v2Errors = v2::writeError;

        // exempt from the limits below: probes and scrapes must answer when the service is saturated
        router.get("/metrics").handler(PrometheusScrape.handler(parts.registry()));
        Health.mount(router, parts.health());
        router.get("/v2/health/live").handler(v2::live);
        router.get("/v2/health/ready").handler(v2::ready);

        // every other route: at most limits.in.flight.max at once, answered within limits.request.timeout.ms
        // and every POST with a body takes JSON: other types are refused before a body handler would decode them
        // as forms (Netty's form decoder throws on hostile bodies, which would surface as 500s)
        // (on this route, not a POST-only one: that would turn a GET of an unknown path into a 405)
        Handler<RoutingContext> json = JsonBodies.requireJsonContentType();
        router.route().handler(admission.limits(config, metrics::refused))
                .handler(ctx -> (ctx.request().method() == HttpMethod.POST ? json : NEXT).handle(ctx));

        router.post("/predict").handler(row).handler(this::predict)
                .failureHandler(predictionFailures(Endpoint.PREDICT, config.bodyMaxBytes(), Renderer.JSON));
        router.post("/explain").handler(row).handler(this::explain)
                .failureHandler(predictionFailures(Endpoint.EXPLAIN, config.bodyMaxBytes(), Renderer.JSON));
        router.post("/predict/batch").handler(largeBodies).handler(batch).handler(this::batch)
                .failureHandler(predictionFailures(Endpoint.BATCH, config.batchBodyMaxBytes(), Renderer.JSON));
        router.get("/model-info").handler(this::modelInfo);

        // every model of the repository by name; the routes above answer for the default one
        router.get("/models").handler(models::list);
        router.get("/models/:name").handler(models::describe);
        router.post("/models/:name/predict").handler(row).handler(models::predict)
                .failureHandler(predictionFailures(Endpoint.PREDICT, config.bodyMaxBytes(), Renderer.JSON));
        router.post("/models/:name/explain").handler(row).handler(ctx -> models.explain(ctx, explainPool))
                .failureHandler(predictionFailures(Endpoint.EXPLAIN, config.bodyMaxBytes(), Renderer.JSON));
        router.post("/models/:name/predict/batch").handler(largeBodies).handler(batch).handler(models::batch)
                .failureHandler(predictionFailures(Endpoint.BATCH, config.batchBodyMaxBytes(), Renderer.JSON));
        router.get("/openapi.yaml").handler(this::openApi);
        router.get("/api/status").handler(peers::handle);
        router.get("/models/:name/report").handler(ctx -> models.report(ctx, peers));

        // admin: only with a token (admin.token or admin.token.file); without one the routes do not exist (404).
        // vertx-web runs body handlers before user handlers; reading at most 1 KiB before the token check is harmless
        parts.adminAuth().ifPresent(auth -> {
            router.post("/admin/reload").handler(BodyHandler.create(false).setBodyLimit(ADMIN_BODY_BYTES))
                    .handler(auth).handler(parts.admin()::reload).failureHandler(failures(ADMIN_BODY_BYTES, Renderer.JSON));
            router.post("/admin/models/:name/reload").handler(BodyHandler.create(false).setBodyLimit(ADMIN_BODY_BYTES))
                    .handler(auth).handler(parts.admin()::reload).failureHandler(failures(ADMIN_BODY_BYTES, Renderer.JSON));
        });

        // the home page: static files from the classpath (webroot/), no templates, no external assets
        // (a StaticHandler serves paths relative to its route's prefix, hence one per directory)
        router.get("/").handler(StaticHandler.create("webroot").setMaxAgeSeconds(60));
        router.get("/assets/*").handler(StaticHandler.create("webroot/assets").setMaxAgeSeconds(60));

        // Open Inference Protocol (V2) REST, as KServe and MLServer serve it; errors in the protocol's shape
        router.get("/v2").handler(v2::server);
        router.post("/v2/repository/index").handler(BodyHandler.create(false).setBodyLimit(ADMIN_BODY_BYTES))
                .handler(v2::repositoryIndex);
        router.get("/v2/models/:name").handler(v2::metadata);
        router.get("/v2/models/:name/versions/:version").handler(v2::metadata);
        router.get("/v2/models/:name/ready").handler(v2::modelReady);
        router.get("/v2/models/:name/versions/:version/ready").handler(v2::modelReady);
        router.post("/v2/models/:name/infer").handler(largeBodies).handler(batch).handler(ctx -> v2Infer(ctx, v2))
                .failureHandler(predictionFailures(Endpoint.V2_INFER, config.batchBodyMaxBytes(), v2Errors));
        router.post("/v2/models/:name/versions/:version/infer").handler(largeBodies).handler(batch)
                .handler(ctx -> v2Infer(ctx, v2))
                .failureHandler(predictionFailures(Endpoint.V2_INFER, config.batchBodyMaxBytes(), v2Errors));
        router.route("/v2/*").failureHandler(failures(config.batchBodyMaxBytes(), v2Errors));

        router.route().failureHandler(failures(config.bodyMaxBytes(), Renderer.JSON));
        Handler<RoutingContext> v2Unmatched = failures(config.batchBodyMaxBytes(), v2Errors);
        Handler<RoutingContext> unmatched = failures(config.bodyMaxBytes(), Renderer.JSON);
        Handler<RoutingContext> byPath = ctx -> (ctx.request().path().startsWith("/v2/") ? v2Unmatched : unmatched).handle(ctx);
        router.errorHandler(404, byPath);
        router.errorHandler(405, byPath);
        responses.labelsFrom(router);
        routePaths = router.getRoutes().stream().map(Route::getPath).filter(Objects::nonNull).distinct().toList();
        return router;
    }

    /** {@code POST /predict}: one diamond, on the event loop (microseconds; see the class comment). */
    private void predict(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        LoadedModel m = predictions.model();
        if (!m.diamonds()) {
            models.predict(ctx, m); // a default model that is data: the schema's path
            return;
        }
        Diamond row = Rows.one(JsonBodies.body(ctx));
        Prediction p = predictions.predict(m, row, Endpoint.PREDICT);
        REPLIES.send(ctx, 200, Replies.predict(p, m.name(), m.version()));
        metrics.request(m, Endpoint.PREDICT, 200, start);
    }

    /**
     * {@code POST /explain}: one diamond, validated like {@code /predict} on the event loop; the prediction and its
     * TreeSHAP values on a worker (see the class comment). The prediction is published like any other.
     */
    private void explain(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        LoadedModel m = predictions.model();
        if (!m.diamonds()) {
            models.explain(ctx, explainPool, m);
            return;
        }
        Diamond row = Rows.one(JsonBodies.body(ctx));
        if (m.explainer() == null) {
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "model " + m.name() + " " + m.version()
                    + " has no explainer: " + m.explainerNote());
        }
        explainPool.executeBlocking(() -> {
            Explanation e = m.explainer().explain(row);
            Prediction p = predictions.predict(m, row, Endpoint.EXPLAIN);
            return JsonReplies.encode(new Replies.ExplainReply(p.predictionId(), p.price(), e.expectedValue(),
                    e.byFeature(), m.name(), m.version()));
        }, false).onSuccess(json -> {
            REPLIES.send(ctx, 200, json);
            metrics.request(m, Endpoint.EXPLAIN, 200, start);
        }).onFailure(ctx::fail);
    }

    /** {@code POST /predict/batch}: all rows or none (see {@link Rows}); large bodies on a worker. */
    private void batch(RoutingContext ctx) {
        LoadedModel m = predictions.model();
        if (!m.diamonds()) {
            models.batch(ctx, m);
            return;
        }
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        offloaded(ctx, m, Endpoint.BATCH, start, () -> {
            List<Diamond> rows = Rows.batch(JsonBodies.body(ctx), config.batchMaxRows());
            return Replies.batch(m.name(), m.version(), predictions.predictAll(m, rows, Endpoint.BATCH));
        });
    }

    /** {@code POST /v2/models/{name}[/versions/{v}]/infer}: as a batch, in the protocol's shapes ({@link V2Endpoints}). */
    private void v2Infer(RoutingContext ctx, V2Endpoints v2) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        offloaded(ctx, null, Endpoint.V2_INFER, start, v2.inference(ctx));
    }

    /**
     * The large-body routes: {@code json} runs where the body's size says ({@link Offload}), its reply is gzipped
     * there when the client accepts it, then written and counted on the event loop, for {@code m} (null: the model
     * the path names).
     */
    private void offloaded(RoutingContext ctx, LoadedModel m, Endpoint endpoint, long start, Callable<Buffer> json) {
        boolean gzip = JsonReplies.acceptsGzip(ctx);
        Offload.ifLarge(ctx, () -> REPLIES.body(json.call(), gzip)).onSuccess(body -> {
            REPLIES.send(ctx, 200, body);
            if (m != null) {
                metrics.request(m, endpoint, 200, start);
            } else {
                metrics.request(modelOf(ctx), endpoint, 200, start);
            }
        }).onFailure(ctx::fail);
    }

    private void modelInfo(RoutingContext ctx) {
        REPLIES.send(ctx, 200, parts.modelInfo().get());
    }

    private void openApi(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/yaml").end(parts.openApi());
    }

    /**
     * Failure handler of a route: the one classification, with the domain's errors ({@link ServingErrors}), then
     * {@code renderer}.
     */
    private Handler<RoutingContext> failures(long limit, Renderer renderer) {
        return HttpErrors.failureHandler(limit, domainErrors, renderer, answer -> { });
    }

    /** Failure handler of a prediction route: as {@link #failures}, and counted by kind and field, and timed. */
    private Handler<RoutingContext> predictionFailures(Endpoint endpoint, long limit, Renderer renderer) {
        return ctx -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                return; // already answered (timed out) or the client left: nothing to write, nothing to count twice
            }
            String model = modelOf(ctx);
            // made per failure to carry the model into the count: the error path only, never a served request
            HttpErrors.failureHandler(limit, domainErrors, renderer,
                    answer -> ErrorAccounting.count(metrics, model, answer.body())).handle(ctx);
            metrics.request(model, endpoint, ctx.response().getStatusCode(), ErrorAccounting.start(ctx));
        };
    }

    /**
     * The name of the served model a request is for, as its events carry it: the one its path names, or the default
     * for the original routes; null when the path names none that is served (the {@code none} label).
     */
    private String modelOf(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        LoadedModel m = name == null ? predictions.model()
                : parts.repository().slot(name).map(ModelRepository.Slot::current).orElse(null);
        return m == null ? null : m.name();
    }
}
