package dev.facet.serving;

import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp ... dev.facet.serving.ServingMain}: defaults from {@code serving-defaults.json}, then the
 * file named by {@code SERVING_CONFIG}, then {@code SERVING_*} environment variables ({@code SERVING_HTTP_PORT}
 * for {@code http.port}). Ctrl-C stops it gracefully (HTTP first, then the producer's flush).
 */
public final class ServingMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServingMain.class);

    private ServingMain() {
    }

    public static void main(String[] args) throws Exception {
        JsonObject config = Settings.load("serving", ServingConfig.DEFAULTS, System.getenv());
        LOG.info("effective configuration: {}", Settings.masked(config).encode());
        ServingApp app;
        try {
            app = ServingApp.start(config).await(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.error("serving did not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.stop().await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("graceful stop did not finish: {}", e.toString());
            }
        }, "serving-shutdown"));
        LOG.info("serving ready on port {}", app.httpPort());
    }
}
