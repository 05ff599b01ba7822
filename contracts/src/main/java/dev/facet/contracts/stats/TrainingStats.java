package dev.facet.contracts.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything drift and quality monitoring need to know about the training data, written to
 * {@code training-stats.json} in the model bundle.
 *
 * <ul>
 *   <li>{@code numeric}: per numeric feature, a {@link NumericSummary} over the training rows, with a
 *       reference sample of {@code referenceSampleSize} rows for the two-sample Kolmogorov-Smirnov test;</li>
 *   <li>{@code categorical}: per categorical feature, category frequencies for a chi-square test;</li>
 *   <li>{@code prediction}: the model's predictions on the training rows (prediction drift);</li>
 *   <li>{@code heldOutError}: the error on the held-out rows (concept-drift baseline).</li>
 * </ul>
 *
 * @param referenceSampleMethod how the reference sample was drawn, in words
 */
public record TrainingStats(int formatVersion, int schemaVersion, long trainingRows, int referenceSampleSize,
                            String referenceSampleMethod, Map<String, NumericSummary> numeric,
                            Map<String, CategoricalSummary> categorical, NumericSummary prediction,
                            ErrorBaseline heldOutError) {

    /** Version of this file's layout; readers refuse others. */
    public static final int FORMAT_VERSION = 1;

    public TrainingStats {
        numeric = Collections.unmodifiableMap(new LinkedHashMap<>(numeric));
        categorical = Collections.unmodifiableMap(new LinkedHashMap<>(categorical));
    }
}
