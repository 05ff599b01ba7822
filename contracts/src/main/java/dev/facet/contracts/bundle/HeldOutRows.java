package dev.facet.contracts.bundle;

/**
 * {@code heldout-rows.json}: the 0-based data-row indices (into the training data file whose SHA-256 is
 * {@code dataSha256}, such as the committed {@code diamonds.csv}, header excluded) that were held out, so anyone
 * can score another model on exactly the same split.
 */
public record HeldOutRows(int formatVersion, String dataSha256, long seed, int[] rows) {
}
