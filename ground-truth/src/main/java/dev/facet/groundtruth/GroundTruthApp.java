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
import dev.facet.service.lifecycle.Lifecycle;
import dev.facet.service.lifecycle.RunningService;
import dev.facet.service.lifecycle.ServiceDefinition;
import dev.facet.service.metrics.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One running ground-truth service, and its parts of the one service skeleton ({@link Lifecycle}): its own
 * Vert.x and Prometheus registry, the feedback publisher, the joiner and the HTTP API.
 */
public final class GroundTruthApp implements RunningService {

    private static final Logger LOG = LoggerFactory.getLogger(GroundTruthApp.class);
    /** Dead letters are rare; a small buffer is plenty and bounds memory during a broker outage. */
    private static final long DLQ_BUFFER_BYTES = 1 << 20;

    private final Lifecycle lifecycle;
    private final FeedbackVerticle http;
    private final QualityMetrics metrics;

    private GroundTruthApp(Lifecycle lifecycle, FeedbackVerticle http, QualityMetrics metrics) {
        this.lifecycle = lifecycle;
        this.http = http;
        this.metrics = metrics;
    }

    /**
     * Starts with {@code json} over the defaults ({@code ground-truth-defaults.json}), feedback writes guarded by
     * the bearer token of {@code auth.token.file} or {@code auth.token}; with neither set, writes are open (the
     * one-command local demo needs no setup), which is logged as a warning and exported as
     * {@code auth_enabled 0}. Reads (/quality, /metrics, /health) are always open.
     */
    public static Future<GroundTruthApp> start(JsonObject json) {
        return Lifecycle.start(service(), json);
    }

    /**
     * @param writeGuard runs on every feedback write before it is validated; calls {@code next()} to let the
     *                   request through or fails it (e.g. 401). Replaces the token check of the settings.
     */
    public static Future<GroundTruthApp> start(JsonObject json, Handler<RoutingContext> writeGuard) {
        return Lifecycle.start(new Definition(writeGuard), json);
    }

    /** Ground-truth's name, defaults, config, bundle metadata and verticles, for the skeleton. */
    public static ServiceDefinition<?, ?, GroundTruthApp> service() {
        return new Definition(null);
    }

    /** The config with the write guard it implies. */
    private record Setup(GroundTruthConfig config, Handler<RoutingContext> writeGuard, boolean authEnabled) {
    }

    /** What is built before deploying, from the bundle's metadata. */
    private record Parts(JoinLoop loop, FeedbackVerticle http, QualityMetrics metrics) {
    }

    private static final class Definition implements ServiceDefinition<Setup, Parts, GroundTruthApp> {
        /** Null: the token of the settings guards writes. */
        private final Handler<RoutingContext> writeGuard;

        Definition(Handler<RoutingContext> writeGuard) {
            this.writeGuard = writeGuard;
        }

        @Override
        public String name() {
            return GroundTruthConfig.SERVICE;
        }

        @Override
        public String defaults() {
            return GroundTruthConfig.DEFAULTS;
        }

        @Override
        public Setup config(JsonObject settings) {
            GroundTruthConfig config = GroundTruthConfig.from(settings);
            if (writeGuard != null) {
                return new Setup(config, writeGuard, true);
            }
            Optional<BearerAuth> auth = BearerAuth.of(config.authToken(), config.authTokenFile());
            if (auth.isEmpty()) {
                LOG.warn("ground-truth: NO AUTH TOKEN CONFIGURED, anyone who can reach port {} can write ground truth; "
                        + "set GROUND_TRUTH_AUTH_TOKEN_FILE (or GROUND_TRUTH_AUTH_TOKEN) outside a local demo",
                        config.httpPort());
            }
            return new Setup(config, auth.<Handler<RoutingContext>>map(a -> a).orElse(RoutingContext::next),
                    auth.isPresent());
        }

        /** Reading and checksumming the bundle's files, and the Kafka clients' construction. */
        @Override
        public Parts load(Setup setup, Lifecycle lifecycle) {
            GroundTruthConfig config = setup.config();
            Path dir = BundleMetadata.resolve(Path.of(config.modelDir())).orElseThrow(() ->
                    new IllegalStateException("no model bundle in " + Path.of(config.modelDir()).toAbsolutePath()
                            + " (setting model.dir); train one with the train command"));
            return wire(lifecycle, setup, BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ));
        }

        /** The joiner first and HTTP last, so that on the way down HTTP stops first, then the joiner. */
        @Override
        public Future<GroundTruthApp> deploy(Setup setup, Parts parts, Lifecycle lifecycle) {
            return lifecycle.deploy("joiner", new JoinVerticle(parts.loop()))
                    .compose(join -> lifecycle.deploy("http", parts.http()))
                    .map(web -> new GroundTruthApp(lifecycle, parts.http(), parts.metrics()));
        }
    }

    private static Parts wire(Lifecycle lifecycle, Setup setup, BundleMetadata meta) {
        ServiceRuntime runtime = lifecycle.runtime();
        GroundTruthConfig config = setup.config();
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
        List<EventPublisher> publishers = List.of(feedback, predictionsDlq, feedbackDlq);
        lifecycle.onStop("publishers", () ->
                Future.join(publishers.stream().map(p -> p.close(Duration.ofSeconds(10))).toList()));
        JoinLoop loop = new JoinLoop(config, state, tracker,
                Map.of(config.predictionsTopic(), predictionsDlq, config.groundTruthTopic(), feedbackDlq));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", meta.name());
        model.put("version", meta.version());
        FeedbackVerticle http = new FeedbackVerticle(config, state, metrics, feedback, runtime.registry(),
                () -> List.of(loop.health(), feedback.health(Duration.ofSeconds(30))), setup.writeGuard(), model);
        metrics.httpGuards(setup.authEnabled(), http::inFlight);
        LOG.info("ground-truth: model {} {} held-out MAE {} RMSE {}; drift: MAE ratio >= {}, Page-Hinkley delta {} "
                        + "lambda {} over {} pairs", meta.name(), meta.version(), policy.baselineMae(),
                policy.baselineRmse(), policy.maeRatioThreshold(), policy.delta(), policy.lambda(),
                policy.pageHinkleyWindow());
        return new Parts(loop, http, metrics);
    }

    @Override
    public int httpPort() {
        return http.port();
    }

    /** The meters, for tests and the launcher. */
    public QualityMetrics metrics() {
        return metrics;
    }

    /** Stops accepting feedback, stops the joiner (committing its offsets), flushes the publishers, closes. */
    @Override
    public Future<Void> stop() {
        return lifecycle.stop();
    }
}
