package dev.facet.groundtruth.model;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.ClassificationMetrics;
import dev.facet.contracts.stats.ErrorBaseline;

import java.util.List;
import java.util.Optional;

/**
 * What ground-truth needs of one model bundle: its name, version and schema, and the held-out baseline its
 * quality is judged against (the training statistics' error for a regressor; the model card's classification
 * metrics for a classifier, the same figures the statistics repeat).
 */
public record KnownModel(String name, String version, ModelSchema schema, ErrorBaseline regressionBaseline,
                         ClassificationMetrics classificationBaseline) {

    public static KnownModel of(BundleMetadata meta) {
        ClassificationMetrics c = meta.card() != null && meta.card().heldOutClassification() != null
                ? meta.card().heldOutClassification() : meta.stats().heldOutClassification();
        return new KnownModel(meta.name(), meta.version(), meta.schema(), meta.stats().heldOutError(), c);
    }

    public boolean isClassification() {
        return schema.isClassification();
    }

    /** The labels of a classifier, in the schema's order; empty for a regressor. */
    public List<String> labels() {
        return schema.task() instanceof Task.Classification c ? c.labels() : List.of();
    }

    public String target() {
        return schema.task().target();
    }

    /**
     * Why {@code value} or {@code label} (exactly one non-null) cannot be this model's actual, naming what it
     * expects; empty when it can. A regressor takes a finite number, a classifier one of its labels.
     */
    public Optional<String> problemWith(Double value, String label) {
        if (isClassification()) {
            if (label == null) {
                return Optional.of("model " + name + " is a classifier: the actual must be one of its labels "
                        + labels() + ", got a number");
            }
            return labels().contains(label) ? Optional.empty() : Optional.of("model " + name
                    + " has no label \"" + (label.length() > 64 ? label.substring(0, 64) + "..." : label)
                    + "\"; expected one of " + labels());
        }
        if (value == null) {
            return Optional.of("model " + name + " is a regressor: the actual must be a number (" + target()
                    + "), got a label");
        }
        return Double.isFinite(value) ? Optional.empty() : Optional.of("must be a finite number");
    }
}
