package dev.facet.simulator.scenario;

/** The kinds of invalid request the {@code bad-input} scenario sends; each must be answered with a 400. */
public enum BadKind {
    /** One of the nine features is absent. */
    MISSING_FIELD,
    /** A numeric feature as a boolean, or a category as a number. */
    WRONG_TYPE,
    /** A category the schema does not know, e.g. cut "Superb". */
    UNKNOWN_CATEGORY,
    /** {@code "carat": "NaN"}: JSON has no NaN, so clients send it as a string. */
    NAN_STRING,
    /** The body is cut short and is not JSON. */
    MALFORMED_JSON
}
