package dev.facet.drift;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.consumer.PredictionConsumer;
import dev.facet.drift.http.DriftHttpVerticle;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.Reference;
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
import java.util.Map;

/**
 * One running drift-worker, and its parts of the one service skeleton ({@link Lifecycle}): its own Vert.x and
 * Prometheus registry, the reference statistics of the newest model bundle (loaded on a worker thread; only the
 * statistics, never the model), the HTTP verticle and the consumer on a thread of its own.
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

        /** The reference file and the Kafka clients' construction (configuration, class loading). */
        @Override
        public Parts load(DriftWorkerConfig config, Lifecycle lifecycle) {
            DriftState state = new DriftState();
            DriftMetrics metrics = new DriftMetrics(lifecycle.runtime().registry(), state);
            DriftEngine engine = new DriftEngine(loadReference(config.modelDir()), config.policy());
            EventPublisher dlq = null;
            if (config.dlqEnabled()) {
                EventPublisher p = new EventPublisher(lifecycle.vertx(), lifecycle.runtime().registry(),
                        config.bootstrapServers(), config.dlqTopic(), 8L << 20, Map.of());
                lifecycle.onStop("dead-letter producer", () -> p.close(Duration.ofSeconds(5)));
                dlq = p;
            }
            DriftHttpVerticle http = new DriftHttpVerticle(config.httpPort(), config.idleTimeout(), engine, state,
                    lifecycle.runtime().registry());
            return new Parts(state, http, new PredictionConsumer(config, engine, state, metrics, dlq));
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

    static Reference loadReference(Path modelDir) {
        Path dir = BundleMetadata.resolve(modelDir).orElseThrow(() -> new IllegalArgumentException(
                "setting 'model.dir': no model bundle in " + modelDir.toAbsolutePath()));
        BundleMetadata m = BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ); // never reads the model
        LOG.info("reference statistics of model {} {} from {}", m.name(), m.version(), dir);
        return Reference.from(m.name(), m.version(), m.stats());
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

    /** Stops consuming (commits processed offsets, closes the consumer), then HTTP, then the DLQ producer, then Vert.x. */
    @Override
    public Future<Void> stop() {
        return lifecycle.stop();
    }
}
