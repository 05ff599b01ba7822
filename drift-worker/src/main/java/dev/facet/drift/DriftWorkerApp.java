package dev.facet.drift;

import dev.facet.common.bundle.ModelBundle;
import dev.facet.drift.consumer.DriftState;
import dev.facet.drift.consumer.PredictionConsumerVerticle;
import dev.facet.drift.http.DriftHttpVerticle;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.Reference;
import dev.facet.service.metrics.ServiceRuntime;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Starts and stops one drift-worker: its own Vert.x and Prometheus registry, the reference statistics of the
 * newest model bundle (loaded on a worker thread; only the statistics, never the model), the consumer as a
 * worker verticle and the HTTP verticle.
 */
public final class DriftWorkerApp {

    public static final String SERVICE = "drift-worker";
    private static final Logger LOG = LoggerFactory.getLogger(DriftWorkerApp.class);

    private final ServiceRuntime runtime;
    private final DriftHttpVerticle http;
    private final String consumerDeployment;
    private final DriftState state;

    private DriftWorkerApp(ServiceRuntime runtime, DriftHttpVerticle http, String consumerDeployment, DriftState state) {
        this.runtime = runtime;
        this.http = http;
        this.consumerDeployment = consumerDeployment;
        this.state = state;
    }

    /** Starts a worker; the future completes once it listens and has subscribed, or fails with the reason. */
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
        Future<DriftWorkerApp> started = runtime.vertx().executeBlocking(() -> loadReference(config.modelDir()))
                .compose(reference -> {
                    DriftEngine engine = new DriftEngine(reference, config.policy());
                    PredictionConsumerVerticle consumer =
                            new PredictionConsumerVerticle(config, engine, state, metrics, runtime.registry());
                    DriftHttpVerticle http = new DriftHttpVerticle(config.httpPort(), engine, state, runtime.registry());
                    return runtime.vertx().deployVerticle(http).compose(h ->
                            runtime.vertx().deployVerticle(consumer,
                                    new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                            .map(id -> new DriftWorkerApp(runtime, http, id, state));
                });
        return started.recover(e -> runtime.vertx().close().transform(ar -> Future.failedFuture(e)));
    }

    static Reference loadReference(Path modelDir) {
        Path dir = ModelBundle.resolve(modelDir).orElseThrow(() -> new IllegalArgumentException(
                "setting 'model.dir': no model bundle in " + modelDir.toAbsolutePath()));
        ModelBundle.Metadata m = ModelBundle.loadMetadata(dir, ModelBundle.Checks.FILES_READ); // never reads the model
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

    public io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry() {
        return runtime.registry();
    }

    /** Stops consuming (commits processed offsets, closes the consumer and the DLQ producer), then Vert.x. */
    public Future<Void> stop() {
        // a context-free promise: the close callback runs after the event loops are gone, so a future bound to
        // one of them could never be completed
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        runtime.vertx().undeploy(consumerDeployment).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("stopping the consumer: {}", ar.cause().toString());
            }
            runtime.vertx().close().onComplete(done);
        });
        return done.future();
    }
}
