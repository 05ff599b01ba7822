package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;

/**
 * Thrown (or passed to {@code ctx.fail}) by a handler when the client sent something we refuse; the failure
 * handler answers with {@link #status()} and {@link #body()}. No stack trace is filled in: it is not a bug.
 */
public final class ClientErrorException extends RuntimeException {

    private final int status;
    private final ErrorBody body;

    public ClientErrorException(ErrorBody.Kind kind, ErrorBody body) {
        super(body.message(), null, false, false);
        this.status = kind.status();
        this.body = body;
    }

    public ClientErrorException(ErrorBody.Kind kind, String message) {
        this(kind, ErrorBody.of(kind, message));
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return body;
    }
}
