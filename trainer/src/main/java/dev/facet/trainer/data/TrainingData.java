package dev.facet.trainer.data;

import dev.facet.contracts.schema.ModelSchema;

/**
 * A data table checked against a schema and encoded for training.
 *
 * @param schema  what the rows mean
 * @param rows    every data row as the model's input vector, in the schema's feature order: a number, a
 *                category's 1-based position in the schema's list, or NaN where the value is missing
 * @param targets per row, the regression target, or the index of the label in the schema's label list
 * @param origin  where the data came from, for the model card
 */
public record TrainingData(ModelSchema schema, double[][] rows, double[] targets, Origin origin) {

    /**
     * @param name    the data set's name, e.g. "Palmer penguins" or a file name
     * @param source  where it came from, e.g. a path or a package and file
     * @param licence its licence, or "unknown" for a user's file
     * @param sha256  SHA-256 of the uncompressed file, the identity held-out row ids refer to
     */
    public record Origin(String name, String source, String licence, String sha256) {
    }

    public TrainingData {
        if (rows.length != targets.length) {
            throw new IllegalArgumentException("one target per row is required");
        }
    }

    public int size() {
        return rows.length;
    }
}
