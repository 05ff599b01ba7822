package dev.facet.bench.http;

import dev.facet.bench.BenchRows;
import dev.facet.contracts.data.LabelledDiamond;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Open-loop constant-rate load on {@code POST <url>} with held-out rows ({@link OpenLoopClient}), in its own JVM
 * so its GC and JIT do not pause the server's. Request {@code i} is due at {@code start + i / rate} whatever
 * the server does; latency runs from that due time to the answer, so queueing behind a slow answer is counted
 * rather than hidden.
 *
 * <p>A third of the duration (2 to 10 s) runs first at the same rate, unmeasured, to warm this JVM up.
 *
 * <p>Prints one line: {@code RESULT offered=.. achieved=.. sent=.. ok=.. non2xx=.. errors=.. p50=.. p90=..
 * p99=.. p999=.. max=..} (milliseconds).
 *
 * <p>Usage: {@code ConstantRateMain URL RATE SECONDS [MODELS] [THREADS] [CONNECTIONS]}; each of the threads
 * (default 1) offers its share of the rate on its share of the connections (default 32).
 */
public final class ConstantRateMain {

    private ConstantRateMain() {
    }

    /** Always exits: a run that fails must not leave a JVM behind the harness. */
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
            throw new IllegalArgumentException("usage: ConstantRateMain URL RATE SECONDS [MODELS] [THREADS] [CONNECTIONS]");
        }
        URI url = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        Path models = Path.of(args.length > 3 ? args[3] : "models");
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 32;
        List<byte[]> bodies = new ArrayList<>();
        for (LabelledDiamond r : BenchRows.heldOut(models)) {
            bodies.add(LuaRows.json(r.diamond()).getBytes(StandardCharsets.UTF_8));
        }
        Duration warm = Duration.ofSeconds(Math.max(2, Math.min(10, duration.toSeconds() / 3)));
        run(url, bodies, rate, warm, threads, connections);
        System.out.println(line(run(url, bodies, rate, duration, threads, connections)));
    }

    /** The threads' results merged: counts summed, histograms added, the longest elapsed time. */
    static OpenLoopClient.Result run(URI url, List<byte[]> bodies, double rate, Duration duration, int threads,
                                     int connections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<OpenLoopClient.Result>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                OpenLoopClient client = new OpenLoopClient(url, bodies, Math.max(1, connections / threads), Duration.ofSeconds(15));
                parts.add(pool.submit(() -> client.run(rate / threads, duration)));
            }
            Histogram all = new Histogram(3);
            long sent = 0, ok = 0, non2xx = 0, errors = 0, elapsed = 0;
            for (Future<OpenLoopClient.Result> f : parts) {
                OpenLoopClient.Result r = f.get();
                all.add(r.latencyNanos());
                sent += r.sent();
                ok += r.ok();
                non2xx += r.non2xx();
                errors += r.errors();
                elapsed = Math.max(elapsed, r.elapsedNanos());
            }
            return new OpenLoopClient.Result(rate, sent, ok, non2xx, errors, elapsed, all);
        } finally {
            pool.shutdownNow();
        }
    }

    static String line(OpenLoopClient.Result r) {
        return String.format(Locale.ROOT,
                "RESULT offered=%.0f achieved=%.1f sent=%d ok=%d non2xx=%d errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f",
                r.offeredRate(), r.achievedRate(), r.sent(), r.ok(), r.non2xx(), r.errors(), r.percentileMs(50),
                r.percentileMs(90), r.percentileMs(99), r.percentileMs(99.9), r.maxMs());
    }
}
