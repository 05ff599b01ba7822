package dev.facet.bench.model;

import dev.facet.bench.Jmh;

import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link ModelBench} and prints ns/row and the speed-up of the compiled forest over Tribuo.
 * Arguments: {@code [--models DIR] [--quick]} ({@link Jmh}).
 */
public final class ModelBenchMain {

    private ModelBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, double[]> byName = Jmh.run(ModelBench.class, args);
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
