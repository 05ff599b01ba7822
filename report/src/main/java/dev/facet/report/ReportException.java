package dev.facet.report;

/**
 * A problem the person running the command can fix (no data in the period, an unknown model, a CSV that does not
 * match the schema, a broker that does not answer): printed as one line, with a non-zero exit, never a stack trace.
 */
public final class ReportException extends RuntimeException {

    public ReportException(String message) {
        super(message);
    }
}
