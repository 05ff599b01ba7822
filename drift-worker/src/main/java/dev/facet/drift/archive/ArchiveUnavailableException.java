package dev.facet.drift.archive;

/** The evaluations topic could not be read in time (broker away, or slower than the read's deadline). */
public final class ArchiveUnavailableException extends Exception {

    public ArchiveUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
