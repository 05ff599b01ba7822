package dev.facet.contracts.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The nine features of one diamond, already validated: numbers finite and in range, categories known.
 * Build one from untrusted input with {@link DiamondValidator}.
 */
@JsonPropertyOrder({"carat", "cut", "color", "clarity", "depth", "table", "x", "y", "z"})
public record Diamond(double carat, String cut, String color, String clarity,
                      double depth, double table, double x, double y, double z) {

    /**
     * From values in {@link DiamondSchema#FEATURES} order: {@code numbers} at the numeric features' positions,
     * {@code labels} (the schema's own category strings) at the categorical ones; already validated.
     */
    static Diamond fromSchemaOrder(double[] numbers, String[] labels) {
        return new Diamond(numbers[0], labels[1], labels[2], labels[3],
                numbers[4], numbers[5], numbers[6], numbers[7], numbers[8]);
    }

    /**
     * The model's feature vector, in {@link DiamondSchema#FEATURES} order, categories as 1-based ordinals.
     */
    public double[] toVector() {
        return new double[] {
            carat,
            DiamondSchema.CUT.ordinalOf(cut),
            DiamondSchema.COLOR.ordinalOf(color),
            DiamondSchema.CLARITY.ordinalOf(clarity),
            depth, table, x, y, z
        };
    }

    /** The value of a numeric feature by name. */
    public double numeric(String name) {
        return switch (name) {
            case "carat" -> carat;
            case "depth" -> depth;
            case "table" -> table;
            case "x" -> x;
            case "y" -> y;
            case "z" -> z;
            default -> throw new IllegalArgumentException("not a numeric feature: " + name);
        };
    }

    /** The value of a categorical feature by name. */
    public String category(String name) {
        return switch (name) {
            case "cut" -> cut;
            case "color" -> color;
            case "clarity" -> clarity;
            default -> throw new IllegalArgumentException("not a categorical feature: " + name);
        };
    }
}
