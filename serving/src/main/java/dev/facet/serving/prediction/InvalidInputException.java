package dev.facet.serving.prediction;

import dev.facet.contracts.schema.FieldError;

import java.util.List;

/**
 * Rows that cannot be predicted as sent: every offending field, named ({@code carat}, {@code [3].cut},
 * {@code inputs[2].datatype}). The HTTP layer decides what a client sees of it. No stack trace is filled in:
 * a client's mistake is not a bug, and hostile traffic makes many.
 */
public final class InvalidInputException extends RuntimeException {

    /** Field errors carried at most; the message still counts all of them. */
    public static final int MAX_DETAILS = 100;

    private final List<FieldError> errors;

    /** @param errors at least one; beyond {@link #MAX_DETAILS} only the count is kept (in the message) */
    public InvalidInputException(List<FieldError> errors) {
        super(message(errors), null, false, false);
        this.errors = List.copyOf(errors.size() > MAX_DETAILS ? errors.subList(0, MAX_DETAILS) : errors);
    }

    private static String message(List<FieldError> errors) {
        FieldError first = errors.get(0);
        return "invalid input: " + first.field() + " " + first.problem()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    /** The first {@link #MAX_DETAILS} field errors, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }
}
