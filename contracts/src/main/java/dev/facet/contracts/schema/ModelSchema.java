package dev.facet.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model takes and what it answers, as its bundle declares it in {@code schema.json}: the features in model
 * order (name, kind, unit, description, valid range, categories in model order, whether a value may be missing)
 * and the task. Every service reads a model's inputs from here, so no service knows a feature name in code.
 *
 * <p>The file format:
 * <pre>{@code
 * {"schema_version": 1,
 *  "features": [{"name": "carat", "kind": "numeric", "unit": "carat", "description": "...",
 *                "range": {"min": 0, "min_exclusive": true, "max": 10}, "missing": {"allowed": false}},
 *               {"name": "cut", "kind": "categorical", "unit": "category", "description": "...",
 *                "categories": ["Fair", "Good"], "missing": {"allowed": true, "means": "absent"}}],
 *  "task": {"type": "regression", "target": "price", "unit": "USD"}}
 * }</pre>
 * or {@code "task": {"type": "classification", "target": "species", "labels": ["Adelie", "Gentoo"]}}.
 * A reader refuses a {@code schema_version} it does not know, naming the file.
 */
public record ModelSchema(List<Feature> features, Task task) {

    /** The version of the file format this code reads and writes. */
    public static final int VERSION = 1;

    /** What a missing value means to the model: the feature is absent from its input (a tree reads 0). */
    public static final String MISSING_MEANS = "absent";

    public ModelSchema {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one feature");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Feature f : features) {
            if (seen.put(f.name(), seen.size()) != null) {
                throw new IllegalArgumentException("feature '" + f.name() + "' is listed twice");
            }
        }
        if (seen.containsKey(task.target())) {
            throw new IllegalArgumentException("the target '" + task.target() + "' is also listed as a feature");
        }
    }

    public List<String> names() {
        return features.stream().map(Feature::name).toList();
    }

    /** The feature called {@code name}, if there is one. */
    public Optional<Feature> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Index of a feature in the model's input vector, or -1 when {@code name} is not a feature. */
    public int indexOf(String name) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean isClassification() {
        return task instanceof Task.Classification;
    }

    /** Reads and checks {@code schema.json}; a problem is a {@link SchemaException} naming the file and the field. */
    public static ModelSchema read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SchemaException(file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return parse(root, file.toString());
    }

    /** As {@link #read}, from a parsed document; {@code source} names it in errors. */
    public static ModelSchema parse(JsonNode root, String source) {
        try {
            return new Parser(source).schema(root);
        } catch (IllegalArgumentException e) {
            throw new SchemaException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code schema.json} (pretty, so a person can edit it and train again). */
    public void write(Path file) throws IOException {
        Json.PRETTY.writeValue(file.toFile(), toJson());
    }

    public ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schema_version", VERSION);
        ArrayNode fs = root.putArray("features");
        for (Feature f : features) {
            ObjectNode n = fs.addObject();
            n.put("name", f.name());
            n.put("kind", f.isNumeric() ? "numeric" : "categorical");
            n.put("unit", f.unit());
            n.put("description", f.description());
            if (f.isNumeric()) {
                ObjectNode range = n.putObject("range");
                range.put("min", f.min());
                range.put("min_exclusive", f.minExclusive());
                range.put("max", f.max());
            } else {
                ArrayNode cs = n.putArray("categories");
                f.categories().forEach(cs::add);
            }
            ObjectNode missing = n.putObject("missing");
            missing.put("allowed", f.missingAllowed());
            if (f.missingAllowed()) {
                missing.put("means", MISSING_MEANS);
            }
        }
        ObjectNode t = root.putObject("task");
        if (task instanceof Task.Regression r) {
            t.put("type", "regression");
            t.put("target", r.target());
            t.put("unit", r.unit());
        } else if (task instanceof Task.Classification c) {
            t.put("type", "classification");
            t.put("target", c.target());
            ArrayNode ls = t.putArray("labels");
            c.labels().forEach(ls::add);
        }
        return root;
    }

    /** Field-by-field reading, so that an error names the path of the offending node. */
    private record Parser(String source) {

        ModelSchema schema(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("must be a JSON object");
            }
            JsonNode version = root.get("schema_version");
            if (version == null || !version.isInt()) {
                throw new IllegalArgumentException("schema_version must be an integer");
            }
            if (version.intValue() != VERSION) {
                throw new IllegalArgumentException("schema_version " + version.intValue()
                        + " is not supported; this reader reads " + VERSION);
            }
            JsonNode fs = root.get("features");
            if (fs == null || !fs.isArray() || fs.isEmpty()) {
                throw new IllegalArgumentException("features must be a non-empty array");
            }
            List<Feature> features = new ArrayList<>();
            for (int i = 0; i < fs.size(); i++) {
                features.add(feature(fs.get(i), "features[" + i + "]"));
            }
            return new ModelSchema(features, task(root.get("task")));
        }

        private Feature feature(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(path + " must be an object");
            }
            String name = text(n, path, "name");
            String kind = text(n, path, "kind");
            String unit = optionalText(n, path, "unit");
            String description = optionalText(n, path, "description");
            boolean missing = false;
            JsonNode m = n.get("missing");
            if (m != null && !m.isNull()) {
                JsonNode allowed = m.get("allowed");
                if (!m.isObject() || allowed == null || !allowed.isBoolean()) {
                    throw new IllegalArgumentException(path + ".missing.allowed must be true or false");
                }
                missing = allowed.booleanValue();
                JsonNode means = m.get("means");
                if (missing && means != null && !MISSING_MEANS.equals(means.asText())) {
                    throw new IllegalArgumentException(path + ".missing.means must be \"" + MISSING_MEANS + "\"");
                }
            }
            try {
                switch (kind) {
                    case "numeric" -> {
                        JsonNode r = n.get("range");
                        if (r == null || !r.isObject()) {
                            throw new IllegalArgumentException(path + ".range must be an object with min and max");
                        }
                        double min = number(r, path + ".range", "min");
                        double max = number(r, path + ".range", "max");
                        JsonNode ex = r.get("min_exclusive");
                        boolean exclusive = ex != null && ex.asBoolean(false);
                        return new Feature(name, Feature.Kind.NUMERIC, unit, description, min, exclusive, max,
                                List.of(), missing);
                    }
                    case "categorical" -> {
                        JsonNode cs = n.get("categories");
                        if (cs == null || !cs.isArray() || cs.isEmpty()) {
                            throw new IllegalArgumentException(path + ".categories must be a non-empty array");
                        }
                        List<String> categories = new ArrayList<>();
                        for (JsonNode c : cs) {
                            if (!c.isTextual()) {
                                throw new IllegalArgumentException(path + ".categories must hold strings");
                            }
                            categories.add(c.asText());
                        }
                        if (categories.stream().distinct().count() != categories.size()) {
                            throw new IllegalArgumentException(path + ".categories must be distinct");
                        }
                        return new Feature(name, Feature.Kind.CATEGORICAL, unit, description, Double.NaN, false,
                                Double.NaN, categories, missing);
                    }
                    default -> throw new IllegalArgumentException(path + ".kind must be numeric or categorical, got "
                            + kind);
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(path) ? e : new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }

        private Task task(JsonNode t) {
            if (t == null || !t.isObject()) {
                throw new IllegalArgumentException("task must be an object");
            }
            String type = text(t, "task", "type");
            String target = text(t, "task", "target");
            return switch (type) {
                case "regression" -> new Task.Regression(target, optionalText(t, "task", "unit"));
                case "classification" -> {
                    JsonNode ls = t.get("labels");
                    if (ls == null || !ls.isArray()) {
                        throw new IllegalArgumentException("task.labels must be an array");
                    }
                    List<String> labels = new ArrayList<>();
                    ls.forEach(l -> labels.add(l.asText()));
                    try {
                        yield new Task.Classification(target, labels);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("task.labels: " + e.getMessage(), e);
                    }
                }
                default -> throw new IllegalArgumentException("task.type must be regression or classification, got "
                        + type);
            };
        }

        private static String text(JsonNode n, String path, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                throw new IllegalArgumentException(path + "." + field + " must be a non-empty string");
            }
            return v.asText();
        }

        private static String optionalText(JsonNode n, String path, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return "";
            }
            if (!v.isTextual()) {
                throw new IllegalArgumentException(path + "." + field + " must be a string");
            }
            return v.asText();
        }

        private static double number(JsonNode n, String path, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new IllegalArgumentException(path + "." + field + " must be a finite number");
            }
            return v.asDouble();
        }
    }
}
