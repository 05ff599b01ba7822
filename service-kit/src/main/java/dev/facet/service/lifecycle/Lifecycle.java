package dev.facet.service.lifecycle;

import dev.facet.service.config.Settings;
import dev.facet.service.metrics.ServiceRuntime;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one way a service starts and stops. {@link #start} runs, in this order: the settings (the service's
 * defaults with the caller's settings on top, logged once with secrets masked); the typed config; the runtime
 * (a Prometheus registry and a Vert.x of the service's own); {@link ServiceDefinition#load} on a worker (the
 * bundle, and clients slow to build); {@link ServiceDefinition#deploy} on an event loop.
 *
 * <p>Every part that needs stopping is registered as a step while it starts, so {@link #stop} runs the steps
 * in reverse: what started last (the HTTP servers, taking requests) stops first, and what they feed (a Kafka
 * producer) is flushed after them. A step that fails is logged and the next still runs; Vert.x is closed once,
 * after the last step, however often stop is called. A start that fails stops whatever was registered by then
 * the same way, then fails with the reason.
 */
public final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    /** Closing Vert.x undeploys what is left and stops its threads: seconds at most, unless something hangs. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private record Step(String what, Supplier<? extends Future<?>> action) {
    }

    private final String name;
    private final ServiceRuntime runtime;
    private final List<Step> steps = new ArrayList<>();
    private Promise<Void> stopped;

    private Lifecycle(String name, ServiceRuntime runtime) {
        this.name = name;
        this.runtime = runtime;
    }

    /**
     * Starts {@code service} with {@code overrides} over its defaults (a key without a default is an error);
     * the future completes once it is deployed, or fails with the reason after closing what it opened.
     */
    public static <C, B, A extends RunningService> Future<A> start(ServiceDefinition<C, B, A> service,
                                                                   JsonObject overrides) {
        C config;
        try {
            JsonObject settings = Settings.withDefaults(service.defaults(), overrides);
            LOG.info("{}: effective configuration {}", service.name(), Settings.masked(settings).encode());
            config = service.config(settings);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Lifecycle lifecycle = new Lifecycle(service.name(),
                ServiceRuntime.create(service.name(), new VertxOptions(), service.httpServerMetrics()));
        // context-free, so a caller still hears of a failure after the Vert.x it ran on is closed
        Promise<A> started = Promise.promise();
        lifecycle.vertx().executeBlocking(() -> service.load(config, lifecycle))
                .compose(loaded -> service.deploy(config, loaded, lifecycle))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        started.complete(ar.result());
                    } else {
                        lifecycle.stop().onComplete(x -> started.fail(ar.cause()));
                    }
                });
        return started.future();
    }

    /** The service's Vert.x and registry. */
    public ServiceRuntime runtime() {
        return runtime;
    }

    public Vertx vertx() {
        return runtime.vertx();
    }

    /** Deploys {@code verticle}; once deployed, {@link #stop} undeploys it (a step named {@code what}). */
    public Future<String> deploy(String what, Deployable verticle) {
        return undeployOnStop(what, vertx().deployVerticle(verticle));
    }

    /** Deploys {@code options.getInstances()} verticles from {@code verticles}, undeployed together on stop. */
    public Future<String> deploy(String what, Supplier<? extends Deployable> verticles, DeploymentOptions options) {
        return undeployOnStop(what, vertx().deployVerticle(verticles, options));
    }

    private Future<String> undeployOnStop(String what, Future<String> deployed) {
        // registered before the caller's next step sees the id, so a failure there undeploys it too
        return deployed.map(id -> {
            onStop(what, () -> vertx().undeploy(id));
            return id;
        });
    }

    /**
     * Registers how to stop something just started: {@link #stop} runs {@code action} after the steps registered
     * later and before those registered earlier. The future it returns may complete on any thread.
     */
    public synchronized void onStop(String what, Supplier<? extends Future<?>> action) {
        if (stopped != null) {
            throw new IllegalStateException(name + " is stopping: too late to register " + what);
        }
        steps.add(new Step(what, action));
    }

    /**
     * Runs the stop steps in reverse order of registration, each after the previous completed, then closes
     * Vert.x. Completes (never fails) when Vert.x is closed; a second call returns the same future.
     */
    public Future<Void> stop() {
        List<Step> reversed;
        Promise<Void> done;
        synchronized (this) {
            if (stopped != null) {
                return stopped.future();
            }
            stopped = Promise.promise();
            done = stopped;
            reversed = new ArrayList<>(steps);
        }
        Collections.reverse(reversed);
        Future<Void> chain = Future.succeededFuture();
        for (Step step : reversed) {
            chain = chain.transform(x -> run(step));
        }
        chain.onComplete(x -> closeVertx(done));
        return done.future();
    }

    private Future<Void> run(Step step) {
        Future<?> result;
        try {
            result = step.action().get();
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.transform(ar -> {
            if (ar.failed()) {
                LOG.warn("{}: stopping {} failed, going on with the rest: {}", name, step.what(), ar.cause().toString());
            } else {
                LOG.debug("{}: stopped {}", name, step.what());
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Closes Vert.x from a thread of its own. The last step may complete on one of Vert.x's event loops, and a
     * close started there would report its end to a loop the close has just terminated: nobody would hear it.
     */
    private void closeVertx(Promise<Void> done) {
        Thread t = new Thread(() -> {
            try {
                vertx().close().await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("{}: closing Vert.x: {}", name, e.toString());
            }
            done.complete();
        }, name + "-close");
        t.setDaemon(true);
        t.start();
    }
}
