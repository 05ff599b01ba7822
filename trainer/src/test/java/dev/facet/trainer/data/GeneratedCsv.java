package dev.facet.trainer.data;

import java.util.Locale;
import java.util.Random;

/** A CSV whose columns no production code knows, for the inference and bring-your-own tests. */
public final class GeneratedCsv {

    private GeneratedCsv() {
    }

    /** Columns no code knows: a signed number, a count with gaps, a quoted text category with commas, a label. */
    public static String of(long seed, int n) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("wobble,gizmo_count,\"habitat, broad\",verdict\n");
        String[] habitats = {"\"reef, outer\"", "lagoon", "\"reef, inner\"", "NA"};
        for (int i = 0; i < n; i++) {
            double wobble = -5 + 10 * random.nextDouble();
            String count = random.nextInt(10) == 0 ? "" : Integer.toString(random.nextInt(50));
            String habitat = habitats[random.nextInt(habitats.length)];
            String verdict = wobble > 0 ? "keep" : (random.nextBoolean() ? "toss" : "maybe");
            csv.append(String.format(Locale.ROOT, "%.3f,%s,%s,%s\n", wobble, count, habitat, verdict));
        }
        return csv.toString();
    }

}
