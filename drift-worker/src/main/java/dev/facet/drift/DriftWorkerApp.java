package dev.facet.drift;

import dev.facet.contracts.bundle.RepositoryLayout;
import dev.facet.drift.archive.EvaluationArchive;
import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.consumer.PredictionConsumer;
import dev.facet.drift.history.DriftHistory;
import dev.facet.drift.http.DriftHttpVerticle;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.models.RepositoryModels;
import dev.facet.service.kafka.EventPublisher;
import dev.facet.service.lifecycle.Lifecycle;
import dev.facet.service.lifecycle.RunningService;
import dev.facet.service.lifecycle.ServiceDefinition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One running drift-worker, and its parts of the one service skeleton ({@link Lifecycle}): its own Vert.x and
 * Prometheus registry, the HTTP verticle and the consumer on a thread of its own. The models' reference
 * statistics are not loaded here: the consumer looks each event's bundle up in the repository ({@code model.dir})
 * on first sight, so a model or version deployed later is picked up without a restart.
 */
public final class DriftWorkerApp implements RunningService {

    public static final String SERVICE = "drift-worker";
    private static final Logger LOG = LoggerFactory.getLogger(DriftWorkerApp.class);

    private final Lifecycle lifecycle;
    private final DriftHttpVerticle http;
    private final DriftState state;

    private DriftWorkerApp(Lifecycle lifecycle, DriftHttpVerticle http, DriftState state) {
        this.lifecycle = lifecycle;
        this.http = http;
        this.state = state;
    }

    /**
     * Starts a worker with {@code settings} over the defaults ({@code drift-worker-defaults.json}); the future
     * completes once it listens and consumes, or fails with the reason.
     */
    public static Future<DriftWorkerApp> start(JsonObject settings) {
        return Lifecycle.start(service(), settings);
    }

    /** The drift-worker's name, defaults, config, reference statistics and verticles, for the skeleton. */
    public static ServiceDefinition<?, ?, DriftWorkerApp> service() {
        return new Definition();
    }

    /** What is built before deploying: the consumer starts once the HTTP verticle is up. */
    private record Parts(DriftState state, DriftHttpVerticle http, PredictionConsumer consumer) {
    }

    private static final class Definition implements ServiceDefinition<DriftWorkerConfig, Parts, DriftWorkerApp> {
        @Override
        public String name() {
            return SERVICE;
        }

        @Override
        public String defaults() {
            return "/drift-worker-defaults.json";
        }

        @Override
        public DriftWorkerConfig config(JsonObject settings) {
            return DriftWorkerConfig.from(settings);
        }

        /** The Kafka clients' construction (configuration, class loading) and a look at the repository. */
        @Override
        public Parts load(DriftWorkerConfig config, Lifecycle lifecycle) {
            List<Path> bundles = RepositoryLayout.bundles(config.modelDir());
            if (bundles.isEmpty()) {
                LOG.warn("no model bundle under {} yet: events are skipped (unknown_model) until one appears",
                        config.modelDir().toAbsolutePath());
            } else {
                LOG.info("model repository {}: {} bundles; each is read when its first event arrives",
                        config.modelDir().toAbsolutePath(), bundles.size());
            }
            DriftState state = new DriftState(config.policy());
            DriftMetrics metrics = new DriftMetrics(lifecycle.runtime().registry(), state);
            EventPublisher dlq = null;
            if (config.dlqEnabled()) {
                EventPublisher p = new EventPublisher(lifecycle.vertx(), lifecycle.runtime().registry(),
                        config.bootstrapServers(), config.dlqTopic(), 8L << 20, Map.of());
                lifecycle.onStop("dead-letter producer", () -> p.close(Duration.ofSeconds(5)));
                dlq = p;
            }
            DriftHistory history = null;
            if (config.historyEnabled()) {
                // a few kilobytes per window: 4 MiB holds hours of windows of every model through an outage
                EventPublisher p = new EventPublisher(lifecycle.vertx(), lifecycle.runtime().registry(),
                        config.bootstrapServers(), config.evaluationsTopic(), 4L << 20, Map.of());
                lifecycle.onStop("history producer", () -> p.close(Duration.ofSeconds(5)));
                DriftHistory h = new DriftHistory(p, config.timeWindow());
                // stops before the producer (steps run in reverse): what is queued is encoded and handed over first
                lifecycle.onStop("history encoder", () -> lifecycle.vertx().executeBlocking(() -> {
                    h.close(Duration.ofSeconds(5));
                    return null;
                }));
                history = h;
            }
            // the history and report routes read the evaluations topic with a client of their own per request
            EvaluationArchive archive = new EvaluationArchive(config.bootstrapServers(), config.evaluationsTopic(),
                    config.historyReadTimeout());
            DriftHttpVerticle http = new DriftHttpVerticle(config.httpPort(), config.idleTimeout(), state,
                    lifecycle.runtime().registry(), archive, new RepositoryModels(config.modelDir()));
            return new Parts(state, http, new PredictionConsumer(config, state, metrics, dlq, history));
        }

        /** The consumer stops first on the way down: it commits what it processed and stops feeding the DLQ. */
        @Override
        public Future<DriftWorkerApp> deploy(DriftWorkerConfig config, Parts parts, Lifecycle lifecycle) {
            return lifecycle.deploy("http", parts.http()).map(id -> {
                parts.consumer().start();
                lifecycle.onStop("consumer", () -> Future.fromCompletionStage(parts.consumer().stop())
                        .onSuccess(x -> LOG.info("consumer stopped: offsets committed, clients closed")));
                return new DriftWorkerApp(lifecycle, parts.http(), parts.state());
            });
        }
    }

    @Override
    public int httpPort() {
        return http.actualPort();
    }

    /** Latest results, for the in-process launcher and tests. */
    public DriftState state() {
        return state;
    }

    public PrometheusMeterRegistry registry() {
        return lifecycle.runtime().registry();
    }

    /** Stops consuming (commits processed offsets, closes the consumer), then HTTP, then the producers, then Vert.x. */
    @Override
    public Future<Void> stop() {
        return lifecycle.stop();
    }
}
