package dev.facet.drift.stats;

/**
 * Data quality of one feature in one window: what the schema allows but training rarely saw. Serving refuses
 * what the schema forbids, so these measure values that are valid yet unfamiliar.
 *
 * @param kind                   {@code numeric} or {@code categorical}
 * @param present                events of the window with a value
 * @param missingShare           events without a value / events in the window
 * @param referenceMissingShare  the same share in the training rows
 * @param outOfRangeShare        numeric: present values below the training minimum or above its maximum /
 *                               present values; NaN for a categorical feature or when none is present
 * @param unseenShare            categorical: present values that training never had (a schema category of
 *                               frequency 0, or a value outside the schema) / present values; NaN for a numeric
 *                               feature or when none is present
 */
public record FeatureQuality(String feature, String kind, long present, double missingShare,
                             double referenceMissingShare, double outOfRangeShare, double unseenShare) {
}
