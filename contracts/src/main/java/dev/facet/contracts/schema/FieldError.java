package dev.facet.contracts.schema;

/** One problem with one field of a request or event: the field's name (or JSON path) and what is wrong. */
public record FieldError(String field, String problem) {
}
