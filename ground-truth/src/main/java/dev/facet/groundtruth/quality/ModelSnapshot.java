package dev.facet.groundtruth.quality;

/** One model's rolling quality at one moment: a regressor's or a classifier's. */
public sealed interface ModelSnapshot permits RegressionSnapshot, ClassificationSnapshot {

    String model();

    /** The version whose held-out baseline the windows are judged against. */
    String version();

    long atMillis();

    /** Pairs added since the joiner (re)built its state. */
    long pairsSinceStart();

    /** Whether a concept-drift test of this model raised its flag: {@code concept_drift_detected}. */
    boolean driftDetected();

    /** Pairs in the count window. */
    long countPairs();
}
