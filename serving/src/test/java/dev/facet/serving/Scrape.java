package dev.facet.serving;

import java.util.Map;
import java.util.OptionalDouble;

/** Reads one sample from Prometheus text format: a line of {@code name} carrying every given label. */
public final class Scrape {

    private Scrape() {
    }

    public static OptionalDouble value(String text, String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = labels.entrySet().stream()
                    .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                String v = line.substring(line.lastIndexOf(' ') + 1);
                return OptionalDouble.of(Double.parseDouble(v));
            }
        }
        return OptionalDouble.empty();
    }

    public static double of(String text, String name, Map<String, String> labels) {
        return value(text, name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " in\n"
                + text.lines().filter(l -> l.startsWith(name)).limit(20).reduce("", (a, b) -> a + b + "\n")));
    }
}
