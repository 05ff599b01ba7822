package dev.facet.contracts.event;

/**
 * A record on a topic that cannot be turned into an event. {@link #reason()} is a small, bounded set so it can
 * label a metric; the message says exactly what is wrong, for the log and the dead-letter record.
 */
public final class EventFormatException extends Exception {

    /** Why a record was refused. */
    public enum Reason { MALFORMED_JSON, UNKNOWN_SCHEMA_VERSION, INVALID_FIELD }

    private final Reason reason;

    public EventFormatException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
