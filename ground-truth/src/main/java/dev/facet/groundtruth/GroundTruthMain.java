package dev.facet.groundtruth;

import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** Runs the ground-truth service on its own: settings from the defaults and the environment. */
public final class GroundTruthMain {

    private static final Logger LOG = LoggerFactory.getLogger(GroundTruthMain.class);

    private GroundTruthMain() {
    }

    public static void main(String[] args) throws Exception {
        JsonObject config = Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, System.getenv());
        LOG.info("effective configuration: {}", Settings.masked(config).encode());
        GroundTruthApp app = GroundTruthApp.start(config).toCompletionStage().toCompletableFuture()
                .exceptionally(e -> {
                    LOG.error("ground-truth failed to start: {}", e.getMessage(), e);
                    System.exit(1);
                    return null;
                }).get();
        LOG.info("ground-truth listening on port {}", app.httpPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.toString());
            }
        }, "ground-truth-shutdown"));
    }
}
