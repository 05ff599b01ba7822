package dev.facet.serving.prediction;

/**
 * The model could not predict valid rows (it threw, or gave a non-finite price): our fault, not the client's.
 * Already logged with its cause under {@link #incident()}; the message is safe to show a client (no input, no
 * stack trace), and none is filled in here.
 */
public final class ModelFailureException extends RuntimeException {

    private final String incident;

    public ModelFailureException(String incident) {
        super("the model failed to predict; incident " + incident + " is in the server log", null, false, false);
        this.incident = incident;
    }

    public String incident() {
        return incident;
    }
}
