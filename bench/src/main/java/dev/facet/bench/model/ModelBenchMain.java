package dev.facet.bench.model;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link ModelBench} and prints ns/row and the speed-up of the compiled forest over Tribuo.
 * {@code --quick} shortens warm-up and measurement to a smoke run (seconds, numbers not for reporting).
 */
public final class ModelBenchMain {

    private ModelBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String models = "models";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--models" -> models = args[++i];
                default -> throw new IllegalArgumentException("usage: ModelBenchMain [--models DIR] [--quick]");
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ModelBench.class.getName())
                .param("models", models)
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, double[]> byName = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            byName.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("| benchmark | Tribuo ns/row | compiled ns/row | speed-up |");
        System.out.println("|---|---:|---:|---:|");
        String[][] rows = {
            {"single row", "tribuoSingle", "compiledSingle"},
            {"1000-row batch, per row", "tribuoBatch", "compiledBatch"},
            {"1000-row batch, per row, tree-major (serving's batch path)", "tribuoBatch", "compiledTreeMajorBatch"},
        };
        for (String[] row : rows) {
            double[] t = byName.get(row[1]);
            double[] c = byName.get(row[2]);
            System.out.printf(Locale.ROOT, "| %s | %.0f ± %.0f | %.0f ± %.0f | %.1fx |%n",
                    row[0], t[0], t[1], c[0], c[1], t[0] / c[0]);
        }
    }
}
