package dev.facet.bench.model;

import dev.facet.bench.Jmh;

import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link ModelBench} (the diamonds regressor) and {@link ClassifierBench} (the penguins classifier) and
 * prints ns/row, the speed-up of the compiled forest over Tribuo, and the cost of one explanation.
 * Arguments: {@code [--models DIR] [--quick]} ({@link Jmh}).
 */
public final class ModelBenchMain {

    private ModelBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, double[]> byName = Jmh.run(ModelBench.class, args);
        Map<String, double[]> classifier = Jmh.run(ClassifierBench.class, args);
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
        double[] t = classifier.get("tribuoSingle");
        double[] c = classifier.get("compiledSingle");
        System.out.printf(Locale.ROOT, "| penguins classifier, single row (all class probabilities and the label) "
                + "| %.0f ± %.0f | %.0f ± %.0f | %.1fx |%n", t[0], t[1], c[0], c[1], t[0] / c[0]);
        System.out.println();
        System.out.println("| explanation (TreeSHAP, one row) | ns/row |");
        System.out.println("|---|---:|");
        double[] r = byName.get("explainSingle");
        double[] k = classifier.get("explainSingle");
        System.out.printf(Locale.ROOT, "| diamonds regressor: the price's SHAP values | %.0f ± %.0f |%n", r[0], r[1]);
        System.out.printf(Locale.ROOT, "| penguins classifier: every class's SHAP values | %.0f ± %.0f |%n",
                k[0], k[1]);
    }
}
