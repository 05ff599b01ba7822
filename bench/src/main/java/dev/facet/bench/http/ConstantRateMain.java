package dev.facet.bench.http;

import dev.facet.bench.BenchRows;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Scenario;
import dev.facet.simulator.traffic.Snapshot;
import dev.facet.simulator.traffic.TrafficPlan;
import dev.facet.simulator.traffic.TrafficRun;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop constant-rate load on {@code POST <url>/predict} with held-out rows, in its own JVM so its GC
 * and JIT do not pause the server's. Request {@code i} is due at {@code start + i / rate} whatever the
 * server does; latency runs from that due time to the response (HdrHistogram), so queueing behind a slow
 * response is counted rather than hidden (no coordinated omission, as wrk2 does it). It is the simulator's
 * generator ({@link TrafficRun}) with ground truth off.
 *
 * <p>A third of the duration (2 to 10 s) runs first at the same rate, unmeasured, to warm this JVM up.
 *
 * <p>Prints one line: {@code RESULT offered=.. achieved=.. sent=.. ok=.. non2xx=.. errors=.. p50=.. p90=..
 * p99=.. p999=.. max=..} (milliseconds).
 *
 * <p>Usage: {@code ConstantRateMain URL RATE SECONDS [MODELS] [GENERATORS] [CONNECTIONS]}.
 */
public final class ConstantRateMain {

    private ConstantRateMain() {
    }

    /** Always exits: a run that fails or times out must not leave a JVM (its Vert.x threads) behind the harness. */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ConstantRateMain URL RATE SECONDS [MODELS] [GENERATORS] [CONNECTIONS]");
        }
        String url = args[0];
        double rate = Double.parseDouble(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        Path models = Path.of(args.length > 3 ? args[3] : "models");
        int generators = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 32;
        HeldOut rows = new HeldOut(BenchRows.heldOut(models));
        TrafficPlan plan = new TrafficPlan(URI.create(url), URI.create(url), rate, TrafficPlan.total(rate, duration, null),
                Duration.ZERO, 0.0, connections, generators, Duration.ofSeconds(10), Duration.ofSeconds(15), 42, "");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(generators));
        try {
            // warm-up at the same rate, not measured: JIT and connection set-up of this fresh JVM
            Duration warm = Duration.ofSeconds(Math.max(2, Math.min(10, duration.toSeconds() / 3)));
            TrafficPlan warmPlan = new TrafficPlan(plan.servingUrl(), plan.groundTruthUrl(), rate,
                    TrafficPlan.total(rate, warm, null), Duration.ZERO, 0.0, connections, generators,
                    Duration.ofSeconds(10), Duration.ofSeconds(15), 7, "");
            TrafficRun.start(vertx, warmPlan, Scenario.replay(rows)).completion()
                    .toCompletionStage().toCompletableFuture().get(warm.toSeconds() + 60, TimeUnit.SECONDS);
            Snapshot s = TrafficRun.start(vertx, plan, Scenario.replay(rows)).completion()
                    .toCompletionStage().toCompletableFuture().get(duration.toSeconds() + 60, TimeUnit.SECONDS);
            System.out.println(line(rate, s));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static String line(double rate, Snapshot s) {
        return String.format(Locale.ROOT,
                "RESULT offered=%.0f achieved=%.1f sent=%d ok=%d non2xx=%d errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f",
                rate, s.achievedRate(), s.sent(), s.ok(), s.clientErrors() + s.serverErrors(),
                s.transportErrors() + s.abandoned(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs());
    }
}
