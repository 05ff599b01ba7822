package dev.facet.serving.prediction;

/**
 * One served prediction of a model that is data: its id (the Kafka key of its event), and either the value of a
 * regression or the label of a classification with the probability of every class (in the schema's label order).
 *
 * @param label         index of the label in the schema's labels; -1 for a regression
 * @param probabilities null for a regression
 */
public record ModelAnswer(String predictionId, double value, int label, double[] probabilities) {
}
