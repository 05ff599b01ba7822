package dev.facet.bench.codec;

import dev.facet.bench.Jmh;

import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link CodecBench} and prints ns and bytes allocated per row or event for each reader and its general
 * path, and the ratio of the times.
 * Arguments: {@code [--models DIR] [--quick]} ({@link Jmh}).
 */
public final class CodecBenchMain {

    private CodecBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, double[]> byName = Jmh.run(CodecBench.class, args, true);
        System.out.println();
        System.out.println("| read | general path ns | streaming ns | speed-up | general path B | streaming B |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        String[][] rows = {
            {"`/predict` body: Vert.x `JsonObject` + validator vs `DiamondReader`", "body"},
            {"prediction event: JSON tree vs `PredictionEventReader`", "event"},
        };
        for (String[] row : rows) {
            double[] g = byName.get(row[1] + "General");
            double[] s = byName.get(row[1] + "Streaming");
            System.out.printf(Locale.ROOT, "| %s | %.0f ± %.0f | %.0f ± %.0f | %.1fx | %.0f | %.0f |%n",
                    row[0], g[0], g[1], s[0], s[1], g[0] / s[0], g[2], s[2]);
        }
    }
}
