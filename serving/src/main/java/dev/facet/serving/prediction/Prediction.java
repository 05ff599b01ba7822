package dev.facet.serving.prediction;

/**
 * One served prediction: its id (the Kafka key of its event) and the price in USD.
 *
 * @param priceText {@code Double.toString(price)}, rendered once for the event and the reply (Java 17's
 *                  conversion is a few percent of a batch's CPU), or null when not rendered
 */
public record Prediction(String predictionId, double price, String priceText) {

    public Prediction(String predictionId, double price) {
        this(predictionId, price, null);
    }
}
