package dev.facet.serving.prediction;

/**
 * Which door a prediction came through: the native routes and V2 inference. The vocabulary the routes, the
 * prediction service and the metrics share (the {@code endpoint} label), kept here, below all three, so each
 * depends on it and none on another for it.
 */
public enum Endpoint {
    PREDICT("predict"), BATCH("batch"), V2_INFER("v2_infer"), EXPLAIN("explain");

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
