package dev.facet.service.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * What one service supplies to the skeleton: its name, its defaults, its config record, what it reads from its
 * model bundle, what it deploys and (with {@link Lifecycle#onStop} and {@link Lifecycle#deploy}) what it stops.
 * {@link Lifecycle#start} calls the methods from {@link #config} to {@link #deploy} once each, in that order.
 *
 * @param <C> the service's typed, checked config
 * @param <B> what {@link #load} prepares: the bundle's metadata or its model, and the objects built from it
 * @param <A> the running service handed to callers
 */
public interface ServiceDefinition<C, B, A extends RunningService> {

    /**
     * The service's name: the prefix of its environment variables ({@code ground-truth}: {@code GROUND_TRUTH_}),
     * the {@code application} tag of its meters, and the name in its log lines and threads.
     */
    String name();

    /** The classpath resource with the defaults: every key a setting may have is in it. */
    String defaults();

    /**
     * Reads the settings into the typed config, failing with an {@link IllegalArgumentException} that names the
     * key. It runs before anything is opened, so a bad setting leaves nothing to close.
     */
    C config(JsonObject settings);

    /** False to leave out vertx-micrometer's per-request HTTP server meters (see {@code ServiceRuntime#create}). */
    default boolean httpServerMetrics() {
        return true;
    }

    /**
     * Runs on a worker thread, so it may block: reads the model bundle and builds what is slow to build (a
     * Kafka client reads its configuration and loads classes). Whatever it opens it registers with
     * {@link Lifecycle#onStop} at once, so that a failure later in the start closes it.
     */
    B load(C config, Lifecycle lifecycle) throws Exception;

    /**
     * Runs on an event loop, so it must not block: deploys the verticles with {@link Lifecycle#deploy} and
     * starts the rest, registering how each is stopped; completes with the running service. A failure here
     * stops what was registered and closes Vert.x.
     */
    Future<A> deploy(C config, B loaded, Lifecycle lifecycle);

    /** How long {@link ServiceMain}'s shutdown hook waits for {@link RunningService#stop} before the JVM exits. */
    default Duration stopWait() {
        return Duration.ofSeconds(30);
    }
}
