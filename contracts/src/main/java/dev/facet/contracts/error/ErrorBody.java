package dev.facet.contracts.error;

import dev.facet.contracts.schema.FieldError;

import java.util.List;

/**
 * The one JSON shape of every 4xx and 5xx answer across the services:
 * {@code {"error": "validation", "message": "...", "details": [{"field": "carat", "problem": "..."}]}}.
 *
 * <p>{@code error} is a short, stable machine-readable kind (see {@link Kind}); {@code message} is for people.
 * A stack trace never goes into either.
 */
public record ErrorBody(String error, String message, List<FieldError> details) {

    /** The stable error kinds clients can switch on. */
    public enum Kind {
        VALIDATION("validation", 400),
        MALFORMED_JSON("malformed_json", 400),
        UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
        PAYLOAD_TOO_LARGE("payload_too_large", 413),
        NOT_FOUND("not_found", 404),
        METHOD_NOT_ALLOWED("method_not_allowed", 405),
        UNAUTHORIZED("unauthorized", 401),
        CONFLICT("conflict", 409),
        UNAVAILABLE("unavailable", 503),
        MODEL("model_error", 500),
        INTERNAL("internal", 500);

        private final String code;
        private final int status;

        Kind(String code, int status) {
            this.code = code;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    public ErrorBody {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ErrorBody of(Kind kind, String message) {
        return new ErrorBody(kind.code(), message, List.of());
    }

    public static ErrorBody validation(List<FieldError> details) {
        String first = details.isEmpty() ? "" : ": " + details.get(0).field() + " " + details.get(0).problem();
        String more = details.size() > 1 ? " (and " + (details.size() - 1) + " more)" : "";
        return new ErrorBody(Kind.VALIDATION.code(), "invalid input" + first + more, details);
    }
}
