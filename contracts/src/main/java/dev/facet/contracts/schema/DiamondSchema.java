package dev.facet.contracts.schema;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The single source of truth for the model's inputs and output: names, kinds, units, valid ranges and
 * categories. Validation, training, drift detection and the dashboards all read it from here.
 *
 * <p>The column order is the order of the ggplot2 data set and of the model's feature vector.
 */
public final class DiamondSchema {

    /** Version of this schema; bump it when a feature, range or category changes. */
    public static final int VERSION = 1;

    public static final String TARGET = "price";
    public static final String TARGET_UNIT = "USD";

    public static final Feature CARAT = Feature.numeric("carat", "carat", "weight of the diamond", 0, true, 10);
    public static final Feature CUT = Feature.categorical("cut", "quality of the cut",
            "Fair", "Good", "Very Good", "Premium", "Ideal");
    public static final Feature COLOR = Feature.categorical("color", "colour, from J (worst) to D (best)",
            "J", "I", "H", "G", "F", "E", "D");
    public static final Feature CLARITY = Feature.categorical("clarity", "clarity, from I1 (worst) to IF (best)",
            "I1", "SI2", "SI1", "VS2", "VS1", "VVS2", "VVS1", "IF");
    public static final Feature DEPTH = Feature.numeric("depth", "percent",
            "total depth percentage, z / mean(x, y)", 0, true, 100);
    public static final Feature TABLE = Feature.numeric("table", "percent",
            "width of the top relative to the widest point", 0, true, 100);
    public static final Feature X = Feature.numeric("x", "mm", "length", 0, false, 100);
    public static final Feature Y = Feature.numeric("y", "mm", "width", 0, false, 100);
    public static final Feature Z = Feature.numeric("z", "mm", "depth", 0, false, 100);

    /** All nine features in model order. */
    public static final List<Feature> FEATURES = List.of(CARAT, CUT, COLOR, CLARITY, DEPTH, TABLE, X, Y, Z);

    public static final List<Feature> NUMERIC = FEATURES.stream().filter(Feature::isNumeric).toList();
    public static final List<Feature> CATEGORICAL = FEATURES.stream().filter(f -> !f.isNumeric()).toList();

    /** The diamonds model's schema as a bundle declares it ({@code schema.json}). */
    public static final ModelSchema MODEL_SCHEMA = new ModelSchema(FEATURES, new Task.Regression(TARGET, TARGET_UNIT));

    private static final Map<String, Feature> BY_NAME =
            FEATURES.stream().collect(Collectors.toUnmodifiableMap(Feature::name, Function.identity()));
    private static final Map<String, Integer> INDEX = IntStream.range(0, FEATURES.size()).boxed()
            .collect(Collectors.toUnmodifiableMap(i -> FEATURES.get(i).name(), Function.identity()));

    private DiamondSchema() {
    }

    public static Feature feature(String name) {
        Feature f = BY_NAME.get(name);
        if (f == null) {
            throw unknown(name);
        }
        return f;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown feature '" + name + "', expected one of " + names());
    }

    public static boolean has(String name) {
        return BY_NAME.containsKey(name);
    }

    public static List<String> names() {
        return FEATURES.stream().map(Feature::name).toList();
    }

    /** Index of a feature in the model's feature vector. */
    public static int indexOf(String name) {
        int i = index(name);
        if (i < 0) {
            throw unknown(name);
        }
        return i;
    }

    /** Index of a feature in the model's feature vector, or -1 when {@code name} is not a feature. */
    static int index(String name) {
        Integer i = INDEX.get(name);
        return i == null ? -1 : i;
    }
}
