package dev.facet.contracts.bundle;

import dev.facet.contracts.stats.ClassificationMetrics;
import dev.facet.contracts.stats.RegressionMetrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a person (or {@code GET /model-info}) needs to know about a trained model, written to
 * {@code model-card.json}: inputs and their valid and training ranges, the output, algorithm and
 * hyperparameters, held-out accuracy, training time, the data's checksum and Tribuo's provenance.
 *
 * @param heldOutMetrics        a regressor's held-out metrics; null for a classifier
 * @param heldOutClassification a classifier's held-out metrics (accuracy, macro-F1, per-class precision and
 *                              recall, confusion matrix, log loss); null for a regressor, and absent from cards
 *                              written before classifiers, which still read
 */
public record ModelCard(int formatVersion, String name, String version, String createdAt,
                        List<FeatureCard> features, OutputCard output, Algorithm algorithm, DataCard data,
                        RegressionMetrics heldOutMetrics, double trainingSeconds, long modelBytes,
                        Map<String, String> provenance, ClassificationMetrics heldOutClassification) {

    public static final int FORMAT_VERSION = 1;

    /** One input feature. {@code validMin..validMax} is what serving accepts; training range is what it saw. */
    public record FeatureCard(String name, String type, String unit, String description,
                              Double validMin, Boolean validMinExclusive, Double validMax,
                              Double trainingMin, Double trainingMax, List<String> categories) {
    }

    public record OutputCard(String name, String unit, String description) {
    }

    public record Algorithm(String name, String library, String trainer, Map<String, Object> hyperparameters) {
    }

    /** Where the data came from and how it was split. */
    public record DataCard(String name, String source, String licence, String sha256, long rows,
                           long trainingRows, long heldOutRows, String split) {
    }

    public ModelCard {
        features = List.copyOf(features);
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** A regressor's card, as written before classifiers. */
    public ModelCard(int formatVersion, String name, String version, String createdAt, List<FeatureCard> features,
                     OutputCard output, Algorithm algorithm, DataCard data, RegressionMetrics heldOutMetrics,
                     double trainingSeconds, long modelBytes, Map<String, String> provenance) {
        this(formatVersion, name, version, createdAt, features, output, algorithm, data, heldOutMetrics,
                trainingSeconds, modelBytes, provenance, null);
    }
}
