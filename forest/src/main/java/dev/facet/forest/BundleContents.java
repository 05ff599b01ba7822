package dev.facet.forest;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.stats.TrainingStats;
import org.tribuo.Model;

/**
 * What {@link ModelBundle#write(java.nio.file.Path, BundleContents)} puts in a bundle, for a Tribuo forest of
 * either task.
 *
 * @param model   a Tribuo forest (or tree) of {@code Regressor} or {@code Label}, matching {@code schema}'s task
 * @param schema  what the model takes and answers, written as {@code schema.json}
 * @param heldOut the held-out rows: indices into {@code rows}; every other row was a training row
 * @param rows    every row of the training data set as the model's input vector in schema order
 *                ({@link TribuoExamples}: numeric value, categorical 1-based ordinal, missing {@code NaN}), so
 *                that the compiled forest can be checked on the held-out rows and its covers counted over the
 *                training rows
 */
public record BundleContents(Model<?> model, ModelSchema schema, TrainingStats stats, ModelCard card,
                             HeldOutRows heldOut, double[][] rows) {
}
