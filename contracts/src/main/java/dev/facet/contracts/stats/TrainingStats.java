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
 *   <li>{@code missingShare}: per feature, the share of training rows where it is missing;</li>
 *   <li>regression: {@code prediction}, the model's predictions on the training rows (prediction drift), and
 *       {@code heldOutError}, the error on the held-out rows (concept-drift baseline);</li>
 *   <li>classification: {@code predictedLabels}, the mix of labels the model predicts on the training rows,
 *       {@code topProbability}, the distribution of its top-class probability there (a falling confidence is
 *       an early sign of drift), and {@code heldOutClassification}, its metrics on the held-out rows.</li>
 * </ul>
 * Numeric and categorical summaries count the rows where the feature is present. The fields after
 * {@code heldOutError} came with classifiers; a file written before them still reads (they are then null),
 * and a field that does not apply to the task is null and left out of the file.
 *
 * @param referenceSampleMethod how the reference sample was drawn, in words
 */
public record TrainingStats(int formatVersion, int schemaVersion, long trainingRows, int referenceSampleSize,
                            String referenceSampleMethod, Map<String, NumericSummary> numeric,
                            Map<String, CategoricalSummary> categorical, NumericSummary prediction,
                            ErrorBaseline heldOutError, Map<String, Double> missingShare,
                            CategoricalSummary predictedLabels, NumericSummary topProbability,
                            ClassificationMetrics heldOutClassification) {

    /** Version of this file's layout; readers refuse others. Adding a field keeps it: old readers skip it. */
    public static final int FORMAT_VERSION = 1;

    public TrainingStats {
        numeric = Collections.unmodifiableMap(new LinkedHashMap<>(numeric));
        categorical = Collections.unmodifiableMap(new LinkedHashMap<>(categorical));
        missingShare = missingShare == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(missingShare));
    }

    /** The statistics of a regression model as written before classifiers (no missing shares). */
    public TrainingStats(int formatVersion, int schemaVersion, long trainingRows, int referenceSampleSize,
                         String referenceSampleMethod, Map<String, NumericSummary> numeric,
                         Map<String, CategoricalSummary> categorical, NumericSummary prediction,
                         ErrorBaseline heldOutError) {
        this(formatVersion, schemaVersion, trainingRows, referenceSampleSize, referenceSampleMethod, numeric,
                categorical, prediction, heldOutError, null, null, null, null);
    }
}
