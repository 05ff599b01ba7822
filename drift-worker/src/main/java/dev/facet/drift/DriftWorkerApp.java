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
import dev.facet.service.metrics.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts and stops one drift-worker: its own Vert.x and Prometheus registry, the reference statistics of the
 * newest model bundle (loaded on a worker thread; only the statistics, never the model), the HTTP verticle and
 * the consumer on a thread of its own.
 */
public final class DriftWorkerApp {

    public static final String SERVICE = "drift-worker";
    private static final Logger LOG = LoggerFactory.getLogger(DriftWorkerApp.class);

    private final ServiceRuntime runtime;
    private final DriftHttpVerticle http;
    private final PredictionConsumer consumer;
    private final EventPublisher dlq;
    private final DriftState state;

    private DriftWorkerApp(ServiceRuntime runtime, DriftHttpVerticle http, PredictionConsumer consumer,
                           EventPublisher dlq, DriftState state) {
        this.runtime = runtime;
        this.http = http;
        this.consumer = consumer;
        this.dlq = dlq;
        this.state = state;
    }

    /** Starts a worker; the future completes once it listens and consumes, or fails with the reason. */
    public static Future<DriftWorkerApp> start(JsonObject settings) {
        DriftWorkerConfig config;
        try {
            config = DriftWorkerConfig.from(settings);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        ServiceRuntime runtime = ServiceRuntime.create(SERVICE);
        DriftState state = new DriftState();
        DriftMetrics metrics = new DriftMetrics(runtime.registry(), state);
        // the reference file and the Kafka clients' construction (configuration, class loading) are worker work
        Future<DriftWorkerApp> started = runtime.vertx().executeBlocking(() -> {
            DriftEngine engine = new DriftEngine(loadReference(config.modelDir()), config.policy());
            EventPublisher dlq = config.dlqEnabled() ? new EventPublisher(runtime.vertx(), runtime.registry(),
                    config.bootstrapServers(), config.dlqTopic(), 8L << 20, Map.of()) : null;
            DriftHttpVerticle http = new DriftHttpVerticle(config.httpPort(), config.idleTimeout(), engine, state,
                    runtime.registry());
            return new DriftWorkerApp(runtime, http, new PredictionConsumer(config, engine, state, metrics, dlq), dlq,
                    state);
        }).compose(app -> runtime.vertx().deployVerticle(app.http).map(id -> {
            app.consumer.start();
            return app;
        }));
        return started.recover(e -> runtime.vertx().close().transform(ar -> Future.failedFuture(e)));
    }

    static Reference loadReference(Path modelDir) {
        Path dir = BundleMetadata.resolve(modelDir).orElseThrow(() -> new IllegalArgumentException(
                "setting 'model.dir': no model bundle in " + modelDir.toAbsolutePath()));
        BundleMetadata m = BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ); // never reads the model
        LOG.info("reference statistics of model {} {} from {}", m.name(), m.version(), dir);
        return Reference.from(m.name(), m.version(), m.stats());
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** Latest results, for the in-process launcher and tests. */
    public DriftState state() {
        return state;
    }

    public PrometheusMeterRegistry registry() {
        return runtime.registry();
    }

    /** Stops consuming (commits processed offsets, closes the consumer and the DLQ producer), then Vert.x. */
    public Future<Void> stop() {
        // a context-free promise: the close callback runs after the event loops are gone, so a future bound to
        // one of them could never be completed
        Promise<Void> done = Promise.promise();
        Future.fromCompletionStage(consumer.stop())
                .compose(v -> dlq == null ? Future.succeededFuture() : dlq.close(Duration.ofSeconds(5)))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("stopping the consumer: {}", ar.cause().toString());
                    }
                    LOG.info("consumer stopped: offsets committed, clients closed");
                    runtime.vertx().close().onComplete(done);
                });
        return done.future();
    }
}
