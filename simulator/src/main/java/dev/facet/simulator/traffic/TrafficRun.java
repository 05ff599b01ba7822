package dev.facet.simulator.traffic;

import dev.facet.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One run of the load generator on a given Vert.x: deploys {@link TrafficPlan#instances()} generators, each of
 * which warms its HTTP client up, then starts them on one shared schedule and one {@link RunStats}, and
 * completes with the final {@link Snapshot} once all requests and feedback are answered (or abandoned at the
 * drain timeout), after undeploying them.
 */
public final class TrafficRun {

    /** Head start so that starting the generators on their event loops does not eat into the first requests' schedule. */
    private static final long LEAD_NANOS = 50_000_000L;

    private final RunStats stats;
    private final Future<Snapshot> completion;

    private TrafficRun(RunStats stats, Future<Snapshot> completion) {
        this.stats = stats;
        this.completion = completion;
    }

    public static TrafficRun start(Vertx vertx, TrafficPlan plan, Scenario scenario) {
        return start(vertx, plan, scenario, System::nanoTime);
    }

    /** {@link #start(Vertx, TrafficPlan, Scenario)} on a given clock (nanoseconds), which tests can move. */
    static TrafficRun start(Vertx vertx, TrafficPlan plan, Scenario scenario, LongSupplier clock) {
        RunStats stats = new RunStats(clock, plan.intervalNanos());
        List<TrafficVerticle> generators = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < plan.instances(); i++) {
            TrafficVerticle g = new TrafficVerticle(i, plan, scenario, stats, clock);
            generators.add(g);
            deployed.add(vertx.deployVerticle(g));
        }
        Future<Snapshot> completion = Future.all(deployed)
                .compose(warm -> {
                    long start = clock.getAsLong() + LEAD_NANOS;
                    stats.begin(start);
                    generators.forEach(g -> g.begin(start));
                    return Future.all(generators.stream().map(TrafficVerticle::done).toList());
                })
                .compose(ok -> {
                    stats.finished(clock.getAsLong());
                    return Future.all(deployed.stream().map(d -> vertx.undeploy(d.result())).toList());
                })
                .map(ok -> stats.snapshot());
        return new TrafficRun(stats, completion);
    }

    /** Requests the generators send to {@link TrafficPlan#warmUpUrl()} before the schedule starts, at most. */
    public static int warmUpRequests(TrafficPlan plan) {
        return TrafficVerticle.WARM_UP_ROUNDS * plan.connections() * plan.instances();
    }

    /** Counters so far, for live progress (any thread). */
    public Snapshot progress() {
        return stats.snapshot();
    }

    public Future<Snapshot> completion() {
        return completion;
    }
}
