package dev.facet.contracts.data;

/** The data file is not what training needs; the message names the line and column. */
public final class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }
}
