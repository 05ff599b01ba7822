package dev.facet.bench.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code key=value} pairs of a {@link ConstantRateMain} result line. */
final class ConstantRateResult {

    private ConstantRateResult() {
    }

    static Map<String, String> parse(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                kv.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return kv;
    }
}
