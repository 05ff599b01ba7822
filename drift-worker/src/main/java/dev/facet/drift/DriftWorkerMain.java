package dev.facet.drift;

import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one drift-worker from the defaults and {@code DRIFT_WORKER_*} environment variables. */
public final class DriftWorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(DriftWorkerMain.class);

    private DriftWorkerMain() {
    }

    public static void main(String[] args) {
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", System.getenv());
        LOG.info("effective configuration: {}", Settings.masked(config).encode());
        DriftWorkerApp.start(config)
                .onSuccess(app -> {
                    LOG.info("drift-worker listening on port {}", app.httpPort());
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            app.stop().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            LOG.warn("unclean stop: {}", e.toString());
                        }
                    }, "drift-worker-shutdown"));
                })
                .onFailure(e -> {
                    LOG.error("drift-worker failed to start: {}", e.getMessage(), e);
                    System.exit(1);
                });
    }
}
