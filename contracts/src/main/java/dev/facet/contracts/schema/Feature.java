package dev.facet.contracts.schema;

import java.util.List;
import java.util.Objects;

/**
 * One input feature of the diamond-price model: its name on the wire, its kind, and what a valid value is.
 *
 * <p>Numeric features accept finite numbers in {@code (min, max]} when {@code minExclusive} is set, otherwise
 * {@code [min, max]}. The bounds are the physically plausible domain, deliberately wider than the training
 * range (which the model card reports separately), so that drifted but real traffic is served and then
 * flagged by the drift-worker instead of being refused at the door.
 *
 * <p>Categorical features accept exactly the categories seen in training, listed in their natural order
 * (worst to best, as in ggplot2); the model sees the 1-based position in that list.
 *
 * <p>{@code missingAllowed}: whether a request may leave the value out (JSON null or absent). A missing value is
 * absent from the model's input: Tribuo's trees then read it as 0, which is below every category's position and
 * is what the compiled forest reads too ({@link ModelSchema#MISSING_MEANS}).
 */
public record Feature(String name, Kind kind, String unit, String description,
                      double min, boolean minExclusive, double max, List<String> categories, boolean missingAllowed) {

    /** Whether a feature is a number or one of a closed set of labels. */
    public enum Kind { NUMERIC, CATEGORICAL }

    /** A feature that must always be present. */
    public Feature(String name, Kind kind, String unit, String description, double min, boolean minExclusive,
                   double max, List<String> categories) {
        this(name, kind, unit, description, min, minExclusive, max, categories, false);
    }

    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        categories = List.copyOf(categories);
        if (kind == Kind.CATEGORICAL && categories.isEmpty()) {
            throw new IllegalArgumentException("categorical feature " + name + " needs categories");
        }
        if (kind == Kind.NUMERIC && !(min < max)) {
            throw new IllegalArgumentException("numeric feature " + name + " needs min < max");
        }
    }

    static Feature numeric(String name, String unit, String description, double min, boolean minExclusive, double max) {
        return new Feature(name, Kind.NUMERIC, unit, description, min, minExclusive, max, List.of());
    }

    static Feature categorical(String name, String description, String... categories) {
        return new Feature(name, Kind.CATEGORICAL, "category", description, Double.NaN, false, Double.NaN,
                List.of(categories));
    }

    public boolean isNumeric() {
        return kind == Kind.NUMERIC;
    }

    /** True when {@code value} lies inside the valid range of this numeric feature. */
    public boolean inRange(double value) {
        boolean aboveMin = minExclusive ? value > min : value >= min;
        return aboveMin && value <= max;
    }

    /** The valid range as a person reads it, e.g. {@code "> 0 and <= 10"}. */
    public String rangeText() {
        return (minExclusive ? "> " : ">= ") + trim(min) + " and <= " + trim(max);
    }

    /** 1-based ordinal of a category, or 0 when it is not one of ours. */
    public int ordinalOf(String category) {
        return categories.indexOf(category) + 1;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
