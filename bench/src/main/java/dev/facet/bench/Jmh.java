package dev.facet.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs one JMH benchmark class the way every bench main does: {@code [--models DIR] [--quick]}, where
 * {@code --quick} shortens warm-up and measurement to a smoke run (seconds, numbers not for reporting).
 */
public final class Jmh {

    private Jmh() {
    }

    /** Score and error (in the class's unit) of each benchmark method, by method name. */
    public static Map<String, double[]> run(Class<?> benchmark, String[] args) throws RunnerException {
        return run(benchmark, args, false);
    }

    /**
     * As {@link #run(Class, String[])}; with {@code allocation}, JMH's GC profiler runs too and each entry
     * gets a third value: bytes allocated per operation.
     */
    public static Map<String, double[]> run(Class<?> benchmark, String[] args, boolean allocation)
            throws RunnerException {
        boolean quick = false;
        String models = "models";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--models" -> models = args[++i];
                default -> throw new IllegalArgumentException("usage: " + benchmark.getSimpleName()
                        + "Main [--models DIR] [--quick]");
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(benchmark.getName())
                .param("models", models)
                .shouldFailOnError(true);
        if (allocation) {
            options.addProfiler(GCProfiler.class);
        }
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        }
        Map<String, double[]> byName = new HashMap<>();
        for (RunResult r : new Runner(options.build()).run()) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            Result<?> bytes = r.getSecondaryResults().get("gc.alloc.rate.norm");
            byName.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                bytes == null ? Double.NaN : bytes.getScore()});
        }
        return byName;
    }
}
