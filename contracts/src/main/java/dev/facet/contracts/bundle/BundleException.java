package dev.facet.contracts.bundle;

/** A model bundle is missing, incomplete, corrupt or of an unknown format; the message says which file and why. */
public final class BundleException extends RuntimeException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
