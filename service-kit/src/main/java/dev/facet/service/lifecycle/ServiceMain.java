package dev.facet.service.lifecycle;

import dev.facet.service.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every service's {@code main}: settings from the defaults, the {@code <SERVICE>_CONFIG} file and the
 * environment ({@link Settings#load}); start; on failure a log line with the reason and exit code 1; on success
 * a shutdown hook (Ctrl-C, SIGTERM) that stops the service gracefully, waiting at most its
 * {@link ServiceDefinition#stopWait}.
 */
public final class ServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);
    /** Loading and compiling a large model is the slowest step; beyond this, something is stuck. */
    private static final Duration START_WAIT = Duration.ofMinutes(2);

    private ServiceMain() {
    }

    /** Runs {@code service} until the JVM is asked to stop; exits with 1 if it does not start. */
    public static void run(ServiceDefinition<?, ?, ?> service) {
        int code = launch(service, System.getenv(), Runtime.getRuntime()::addShutdownHook);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Starts {@code service}, handing its stop to {@code shutdownHooks}; the process's exit code if it failed. */
    static int launch(ServiceDefinition<?, ?, ?> service, Map<String, String> env, Consumer<Thread> shutdownHooks) {
        RunningService app;
        try {
            app = Lifecycle.start(service, Settings.load(service.name(), service.defaults(), env))
                    .await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.error("{} did not start: {}", service.name(), e.getMessage() != null ? e.getMessage() : e.toString());
            LOG.debug("{} start failure", service.name(), e);
            return 1;
        }
        Duration wait = service.stopWait();
        shutdownHooks.accept(new Thread(() -> {
            try {
                app.stop().await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("{}: graceful stop did not finish within {}: {}", service.name(), wait, e.toString());
            }
        }, service.name() + "-shutdown"));
        LOG.info("{} ready on port {}", service.name(), app.httpPort());
        return 0;
    }
}
