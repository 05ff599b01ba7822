package dev.facet.groundtruth;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.http.FeedbackVerticle;
import dev.facet.groundtruth.join.JoinLoop;
import dev.facet.groundtruth.join.JoinVerticle;
import dev.facet.groundtruth.metrics.QualityMetrics;
import dev.facet.groundtruth.quality.ConceptDriftPolicy;
import dev.facet.groundtruth.quality.QualityTracker;
import dev.facet.groundtruth.state.QualityState;
import dev.facet.service.http.BearerAuth;
import dev.facet.service.kafka.EventPublisher;
import dev.facet.service.metrics.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One running ground-truth service: its own Vert.x and Prometheus registry, the feedback publisher, the joiner
 * and the HTTP API.
 */
public final class GroundTruthApp {

    private static final Logger LOG = LoggerFactory.getLogger(GroundTruthApp.class);
    /** Dead letters are rare; a small buffer is plenty and bounds memory during a broker outage. */
    private static final long DLQ_BUFFER_BYTES = 1 << 20;

    private final ServiceRuntime runtime;
    private final FeedbackVerticle http;
    private final String httpDeployment;
    private final String joinDeployment;
    private final List<EventPublisher> publishers;
    private final QualityMetrics metrics;

    private GroundTruthApp(ServiceRuntime runtime, FeedbackVerticle http, String httpDeployment,
                           String joinDeployment, List<EventPublisher> publishers, QualityMetrics metrics) {
        this.runtime = runtime;
        this.http = http;
        this.httpDeployment = httpDeployment;
        this.joinDeployment = joinDeployment;
        this.publishers = publishers;
        this.metrics = metrics;
    }

    /**
     * Starts with feedback writes guarded by the bearer token of {@code auth.token.file} or {@code auth.token};
     * with neither set, writes are open (the one-command local demo needs no setup), which is logged as a
     * warning and exported as {@code auth_enabled 0}. Reads (/quality, /metrics, /health) are always open.
     */
    public static Future<GroundTruthApp> start(JsonObject json) {
        GroundTruthConfig config;
        Optional<BearerAuth> auth;
        try {
            config = GroundTruthConfig.from(json);
            auth = BearerAuth.of(config.authToken(), config.authTokenFile());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return Future.failedFuture(e);
        }
        if (auth.isEmpty()) {
            LOG.warn("ground-truth: NO AUTH TOKEN CONFIGURED, anyone who can reach port {} can write ground truth; "
                    + "set GROUND_TRUTH_AUTH_TOKEN_FILE (or GROUND_TRUTH_AUTH_TOKEN) outside a local demo",
                    config.httpPort());
        }
        return start(config, auth.<Handler<RoutingContext>>map(a -> a).orElse(RoutingContext::next), auth.isPresent());
    }

    /**
     * @param writeGuard runs on every feedback write before it is validated; calls {@code next()} to let the
     *                   request through or fails it (e.g. 401). Replaces the token check of the settings.
     */
    public static Future<GroundTruthApp> start(JsonObject json, Handler<RoutingContext> writeGuard) {
        GroundTruthConfig config;
        try {
            config = GroundTruthConfig.from(json);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return start(config, writeGuard, true);
    }

    private static Future<GroundTruthApp> start(GroundTruthConfig config, Handler<RoutingContext> writeGuard,
                                                boolean authEnabled) {
        ServiceRuntime runtime = ServiceRuntime.create(GroundTruthConfig.SERVICE);
        // completed outside Vert.x's contexts, so a caller still gets the failure after Vert.x is closed
        Promise<GroundTruthApp> started = Promise.promise();
        // reading and checksumming the bundle's files is file I/O: a worker thread, not the event loop
        runtime.vertx().executeBlocking(() -> {
                    Path dir = BundleMetadata.resolve(Path.of(config.modelDir())).orElseThrow(() ->
                            new IllegalStateException("no model bundle in " + Path.of(config.modelDir()).toAbsolutePath()
                                    + " (setting model.dir); train one with the train command"));
                    return BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ);
                })
                .compose(meta -> deploy(runtime, config, meta, writeGuard, authEnabled))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        started.complete(ar.result());
                    } else {
                        LOG.error("ground-truth failed to start: {}", ar.cause().toString());
                        close(runtime.vertx(), () -> started.fail(ar.cause()));
                    }
                });
        return started.future();
    }

    private static Future<GroundTruthApp> deploy(ServiceRuntime runtime, GroundTruthConfig config,
                                                 BundleMetadata meta, Handler<RoutingContext> writeGuard,
                                                 boolean authEnabled) {
        ConceptDriftPolicy policy = ConceptDriftPolicy.from(meta.stats().heldOutError(), config.maeRatioThreshold(),
                config.falseAlarmRunLength(), config.pageHinkleyWindow());
        QualityTracker tracker = new QualityTracker(policy, config.countWindow(), config.timeWindow().toMillis());
        List<String> topics = List.of(config.predictionsTopic(), config.groundTruthTopic());
        QualityState state = new QualityState(tracker.evaluate(System.currentTimeMillis()), topics);
        QualityMetrics metrics = new QualityMetrics(runtime.registry(), state, topics);
        EventPublisher feedback = new EventPublisher(runtime.vertx(), runtime.registry(), config.bootstrapServers(),
                config.groundTruthTopic(), config.publishBufferBytes(), Map.of());
        EventPublisher predictionsDlq = new EventPublisher(runtime.vertx(), runtime.registry(),
                config.bootstrapServers(), config.predictionsTopic() + ".dlq", DLQ_BUFFER_BYTES, Map.of());
        EventPublisher feedbackDlq = new EventPublisher(runtime.vertx(), runtime.registry(),
                config.bootstrapServers(), config.groundTruthTopic() + ".dlq", DLQ_BUFFER_BYTES, Map.of());
        JoinLoop loop = new JoinLoop(config, state, tracker,
                Map.of(config.predictionsTopic(), predictionsDlq, config.groundTruthTopic(), feedbackDlq));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", meta.name());
        model.put("version", meta.version());
        FeedbackVerticle http = new FeedbackVerticle(config, state, metrics, feedback, runtime.registry(),
                () -> List.of(loop.health(), feedback.health(Duration.ofSeconds(30))), writeGuard, model);
        metrics.httpGuards(authEnabled, http::inFlight);
        LOG.info("ground-truth: model {} {} held-out MAE {} RMSE {}; drift: MAE ratio >= {}, Page-Hinkley delta {} "
                        + "lambda {} over {} pairs", meta.name(), meta.version(), policy.baselineMae(),
                policy.baselineRmse(), policy.maeRatioThreshold(), policy.delta(), policy.lambda(),
                policy.pageHinkleyWindow());
        List<EventPublisher> publishers = List.of(feedback, predictionsDlq, feedbackDlq);
        return runtime.vertx().deployVerticle(new JoinVerticle(loop))
                .compose(join -> runtime.vertx().deployVerticle(http)
                        .map(web -> new GroundTruthApp(runtime, http, web, join, publishers, metrics)));
    }

    public int httpPort() {
        return http.port();
    }

    /** The meters, for tests and the launcher. */
    public QualityMetrics metrics() {
        return metrics;
    }

    /** Stops accepting feedback, stops the joiner (committing its offsets), flushes the publishers, closes. */
    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        runtime.vertx().undeploy(httpDeployment)
                .transform(x -> runtime.vertx().undeploy(joinDeployment))
                .transform(x -> Future.join(publishers.stream().map(p -> p.close(Duration.ofSeconds(10))).toList()))
                .onComplete(ar -> close(runtime.vertx(), () -> {
                    if (ar.failed()) {
                        LOG.warn("ground-truth stopped with an error: {}", ar.cause().toString());
                    }
                    stopped.complete();
                }));
        return stopped.future();
    }

    /**
     * Closes Vert.x from a thread of its own, then runs {@code then} there: a close started on one of its event
     * loops would report its completion to that (by then terminated) loop, and nobody would hear of it.
     */
    private static void close(io.vertx.core.Vertx vertx, Runnable then) {
        Thread t = new Thread(() -> vertx.close().toCompletionStage().whenComplete((v, e) -> then.run()),
                "ground-truth-close");
        t.setDaemon(true);
        t.start();
    }
}
