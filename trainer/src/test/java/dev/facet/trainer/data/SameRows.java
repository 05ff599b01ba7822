package dev.facet.trainer.data;

import java.util.Locale;
import java.util.Random;

/**
 * The same rows as a JSON array of flat objects (keys in an order of their own, missing values as null or
 * an absent key) and as a CSV whose columns are in the order Tribuo's reader gives them (sorted by name).
 */
public record SameRows(String json, String csv) {

    public static SameRows of(long seed, int n) {
        Random random = new Random(seed);
        StringBuilder json = new StringBuilder("[\n");
        StringBuilder csv = new StringBuilder("colour,count,size,verdict\n");
        String[] colours = {"red, dark", "green", "blue"};
        for (int i = 0; i < n; i++) {
            double size = -5 + 10 * random.nextDouble();
            boolean noCount = random.nextInt(8) == 0;
            int count = random.nextInt(40);
            boolean noColour = random.nextInt(10) == 0;
            String colour = colours[random.nextInt(colours.length)];
            String verdict = size > 0 ? "keep" : "toss";
            json.append(String.format(Locale.ROOT, "  {\"size\": %.3f, \"verdict\": \"%s\", \"count\": %s%s}%s\n",
                    size, verdict, noCount ? "null" : Integer.toString(count),
                    noColour ? "" : ", \"colour\": \"" + colour + "\"", i + 1 < n ? "," : ""));
            csv.append(String.format(Locale.ROOT, "%s,%s,%.3f,%s\n", noColour ? "" : '"' + colour + '"',
                    noCount ? "NA" : Integer.toString(count), size, verdict));
        }
        return new SameRows(json.append("]\n").toString(), csv.toString());
    }
}
