package dev.facet.serving.inference;

/**
 * A model reload that did not happen; the model being served keeps serving. The {@link Reason} says whose
 * doing it was; the HTTP layer decides what a client sees of it. The message is safe to show a client.
 */
public final class ReloadRefusedException extends RuntimeException {

    /** Why a reload was refused. */
    public enum Reason {
        /** The requested version is not a valid directory name; the message is the problem with it. */
        INVALID_VERSION,
        /** No bundle where the request points (none at all, or not that version). */
        NO_SUCH_BUNDLE,
        /** The bundle is there but does not load (corrupt, wrong format, failed checks). */
        BUNDLE_REFUSED,
        /** Another reload is running; this one is refused rather than queued. */
        RELOAD_RUNNING
    }

    private final Reason reason;

    public ReloadRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
