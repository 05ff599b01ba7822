package dev.facet.serving.prediction;

/** One served prediction: its id (the Kafka key of its event) and the price in USD. */
public record Prediction(String predictionId, double price) {
}
