package dev.facet.contracts.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts and relative frequencies of each category of a categorical feature in the training rows, in the
 * schema's category order; a category never seen has count 0 (and so needs care in a chi-square test).
 */
public record CategoricalSummary(long count, Map<String, Long> counts, Map<String, Double> frequencies) {

    public CategoricalSummary {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        frequencies = Collections.unmodifiableMap(new LinkedHashMap<>(frequencies));
    }

    public static CategoricalSummary of(List<String> categories, List<String> values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        categories.forEach(c -> counts.put(c, 0L));
        for (String v : values) {
            if (!counts.containsKey(v)) {
                throw new IllegalArgumentException("value '" + v + "' is not one of " + categories);
            }
            counts.merge(v, 1L, Long::sum);
        }
        Map<String, Double> freq = new LinkedHashMap<>();
        counts.forEach((c, n) -> freq.put(c, (double) n / values.size()));
        return new CategoricalSummary(values.size(), counts, freq);
    }
}
