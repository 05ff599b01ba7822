package dev.facet.groundtruth;

import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.history.QualityHistory;
import dev.facet.groundtruth.http.FeedbackVerticle;
import dev.facet.groundtruth.join.JoinLoop;
import dev.facet.groundtruth.join.JoinVerticle;
import dev.facet.groundtruth.metrics.QualityMetrics;
import dev.facet.groundtruth.model.KnownModel;
import dev.facet.groundtruth.model.ModelCatalog;
import dev.facet.groundtruth.quality.ClassificationPolicy;
import dev.facet.groundtruth.quality.ClassificationTracker;
import dev.facet.groundtruth.quality.ConceptDriftPolicy;
import dev.facet.groundtruth.quality.ModelTracker;
import dev.facet.groundtruth.quality.QualityBook;
import dev.facet.groundtruth.quality.RegressionTracker;
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
import java.util.ArrayList;
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
    /** A quality event is a few kilobytes, one per window per model: hours of them fit through an outage. */
    private static final long HISTORY_BUFFER_BYTES = 4L << 20;

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

        /**
         * Reading the repository's bundles (metadata only; models deployed later are found when their first
         * prediction arrives), and the Kafka clients' construction.
         */
        @Override
        public Parts load(Setup setup, Lifecycle lifecycle) {
            GroundTruthConfig config = setup.config();
            ModelCatalog catalog = new ModelCatalog(Path.of(config.modelDir()), config.modelRetry().toMillis(),
                    System::currentTimeMillis);
            catalog.loadAll();
            if (catalog.models().isEmpty()) {
                LOG.warn("ground-truth: no model bundle in {} (setting model.dir) yet; models are picked up when "
                        + "their predictions arrive", Path.of(config.modelDir()).toAbsolutePath());
            }
            return wire(lifecycle, setup, catalog);
        }

        /** The joiner first and HTTP last, so that on the way down HTTP stops first, then the joiner. */
        @Override
        public Future<GroundTruthApp> deploy(Setup setup, Parts parts, Lifecycle lifecycle) {
            return lifecycle.deploy("joiner", new JoinVerticle(parts.loop()))
                    .compose(join -> lifecycle.deploy("http", parts.http()))
                    .map(web -> new GroundTruthApp(lifecycle, parts.http(), parts.metrics()));
        }
    }

    private static Parts wire(Lifecycle lifecycle, Setup setup, ModelCatalog catalog) {
        ServiceRuntime runtime = lifecycle.runtime();
        GroundTruthConfig config = setup.config();
        QualityBook<KnownModel> book = new QualityBook<>(m -> tracker(m, config), KnownModel::name,
                config.pairsKeptPerModel());
        for (KnownModel m : catalog.models()) {
            book.ensure(m);
            LOG.info("ground-truth: model {} {} ({}), judged against its held-out baseline", m.name(), m.version(),
                    m.isClassification() ? "classifier, labels " + m.labels() : "regressor, target " + m.target());
        }
        List<String> topics = List.of(config.predictionsTopic(), config.groundTruthTopic());
        // the loop is made after the state (it reports to it), and the state asks the loop's joiner for the
        // waiting predictions' models: a holder closes the circle
        JoinLoop[] loopRef = new JoinLoop[1];
        QualityState state = new QualityState(book.evaluate(System.currentTimeMillis()), topics, book.recent(),
                id -> loopRef[0].waitingModel(id));
        QualityMetrics metrics = new QualityMetrics(runtime.registry(), state, topics);
        EventPublisher feedback = new EventPublisher(runtime.vertx(), runtime.registry(), config.bootstrapServers(),
                config.groundTruthTopic(), config.publishBufferBytes(), Map.of());
        EventPublisher predictionsDlq = new EventPublisher(runtime.vertx(), runtime.registry(),
                config.bootstrapServers(), config.predictionsTopic() + ".dlq", DLQ_BUFFER_BYTES, Map.of());
        EventPublisher feedbackDlq = new EventPublisher(runtime.vertx(), runtime.registry(),
                config.bootstrapServers(), config.groundTruthTopic() + ".dlq", DLQ_BUFFER_BYTES, Map.of());
        List<EventPublisher> publishers = new ArrayList<>(List.of(feedback, predictionsDlq, feedbackDlq));
        if (config.historyEnabled()) {
            EventPublisher evaluations = new EventPublisher(runtime.vertx(), runtime.registry(),
                    config.bootstrapServers(), config.evaluationsTopic(), HISTORY_BUFFER_BYTES, Map.of());
            publishers.add(evaluations);
            QualityHistory history = new QualityHistory(state, evaluations, config.countWindow(), config.timeWindow());
            state.onSnapshots(history::snapshots);
        }
        lifecycle.onStop("publishers", () ->
                Future.join(publishers.stream().map(p -> p.close(Duration.ofSeconds(10))).toList()));
        JoinLoop loop = new JoinLoop(config, state, book, catalog,
                Map.of(config.predictionsTopic(), predictionsDlq, config.groundTruthTopic(), feedbackDlq));
        loopRef[0] = loop;
        FeedbackVerticle http = new FeedbackVerticle(config, state, metrics, feedback, runtime.registry(),
                () -> List.of(loop.health(), feedback.health(Duration.ofSeconds(30))), setup.writeGuard(), catalog);
        metrics.httpGuards(setup.authEnabled(), http::inFlight);
        return new Parts(loop, http, metrics);
    }

    /**
     * A model's windows and drift tests, from its bundle's held-out baseline: the regressors' MAE ratio and
     * Page-Hinkley, the classifiers' error-rate ratio and DDM (same threshold and window settings).
     */
    public static ModelTracker tracker(KnownModel m, GroundTruthConfig config) {
        if (m.isClassification()) {
            if (m.classificationBaseline() == null) {
                throw new IllegalStateException("model " + m.name() + " " + m.version() + " has no held-out "
                        + "classification metrics in its model card; retrain it with the train command");
            }
            return new ClassificationTracker(m.name(), m.version(), m.labels(),
                    ClassificationPolicy.from(m.classificationBaseline(), config.maeRatioThreshold(),
                            config.ddmWindow()), config.countWindow(), config.timeWindow().toMillis());
        }
        if (m.regressionBaseline() == null) {
            throw new IllegalStateException("model " + m.name() + " " + m.version() + " has no held-out error in "
                    + "its training statistics; retrain it with the train command");
        }
        return new RegressionTracker(m.name(), m.version(), ConceptDriftPolicy.from(m.regressionBaseline(),
                config.maeRatioThreshold(), config.falseAlarmRunLength(), config.pageHinkleyWindow()),
                config.countWindow(), config.timeWindow().toMillis());
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
