package dev.facet.contracts.schema;

/** A schema file that cannot be used, with the file and the problem named. */
public final class SchemaException extends RuntimeException {

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
