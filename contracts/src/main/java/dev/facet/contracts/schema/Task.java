package dev.facet.contracts.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** What a model answers: a number (regression) or one of a closed set of labels (classification). */
public sealed interface Task permits Task.Regression, Task.Classification {

    /** The column of the training data the model learns to answer. */
    String target();

    /** @param unit the target's unit, e.g. {@code USD} */
    record Regression(String target, String unit) implements Task {
        public Regression {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** @param labels every label the model may answer, in the model's output order; at least two, distinct */
    record Classification(String target, List<String> labels) implements Task {
        public Classification {
            Objects.requireNonNull(target, "target");
            labels = List.copyOf(labels);
            if (labels.size() < 2) {
                throw new IllegalArgumentException("a classification needs at least two labels, got " + labels);
            }
            if (new HashSet<>(labels).size() != labels.size()) {
                throw new IllegalArgumentException("classification labels must be distinct, got " + labels);
            }
        }
    }
}
