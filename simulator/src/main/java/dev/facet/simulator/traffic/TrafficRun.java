package dev.facet.simulator.traffic;

import dev.facet.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the load generator on a given Vert.x: deploys {@link TrafficPlan#instances()} generators that
 * share one schedule and one {@link RunStats}, and completes with the final {@link Snapshot} once all
 * requests and feedback are answered (or abandoned at the drain timeout), after undeploying them.
 */
public final class TrafficRun {

    /** Head start so that deploying the generators does not eat into the first requests' schedule. */
    private static final long LEAD_NANOS = 50_000_000L;

    private final RunStats stats;
    private final Future<Snapshot> completion;

    private TrafficRun(RunStats stats, Future<Snapshot> completion) {
        this.stats = stats;
        this.completion = completion;
    }

    public static TrafficRun start(Vertx vertx, TrafficPlan plan, Scenario scenario) {
        long start = System.nanoTime() + LEAD_NANOS;
        RunStats stats = new RunStats(start, plan.intervalNanos());
        List<TrafficVerticle> generators = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < plan.instances(); i++) {
            TrafficVerticle g = new TrafficVerticle(i, plan, scenario, stats, start);
            generators.add(g);
            deployed.add(vertx.deployVerticle(g));
        }
        Future<Snapshot> completion = Future.all(deployed)
                .compose(ok -> Future.all(generators.stream().map(TrafficVerticle::done).toList()))
                .compose(ok -> {
                    stats.finished(System.nanoTime());
                    return Future.all(deployed.stream().map(d -> vertx.undeploy(d.result())).toList());
                })
                .map(ok -> stats.snapshot());
        return new TrafficRun(stats, completion);
    }

    /** Counters so far, for live progress (any thread). */
    public Snapshot progress() {
        return stats.snapshot();
    }

    public Future<Snapshot> completion() {
        return completion;
    }
}
