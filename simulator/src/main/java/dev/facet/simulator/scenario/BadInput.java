package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A share of invalid requests among valid held-out rows. Each invalid one starts from a real row and breaks
 * it in one way ({@link BadKind}, drawn uniformly among the kinds the model's schema makes possible), so the
 * server's 400 can only come from that defect. A field left out is one the schema requires (leaving out one it
 * lets be missing is a valid request).
 */
public record BadInput(HeldOut rows, double badShare) implements Scenario {

    public BadInput {
        if (!(badShare >= 0 && badShare <= 1)) {
            throw new IllegalArgumentException("bad-input share must be in [0, 1], got " + badShare);
        }
    }

    @Override
    public PlannedRequest next(double progress, SplittableRandom random) {
        ModelSchema schema = rows.schema();
        Row row = rows.draw(random);
        if (random.nextDouble() >= badShare) {
            return PlannedRequest.valid(schema, row);
        }
        List<Feature> required = schema.features().stream().filter(f -> !f.missingAllowed()).toList();
        List<Feature> numeric = schema.features().stream().filter(Feature::isNumeric).toList();
        List<Feature> categorical = schema.features().stream().filter(f -> !f.isNumeric()).toList();
        List<BadKind> kinds = new ArrayList<>(List.of(BadKind.values()));
        if (required.isEmpty()) {
            kinds.remove(BadKind.MISSING_FIELD);
        }
        if (numeric.isEmpty()) {
            kinds.remove(BadKind.NAN_STRING);
        }
        if (categorical.isEmpty()) {
            kinds.remove(BadKind.UNKNOWN_CATEGORY);
        }
        BadKind kind = kinds.get(random.nextInt(kinds.size()));
        Map<String, Object> fields = RowJson.fields(schema, row);
        String body = switch (kind) {
            case MISSING_FIELD -> {
                fields.remove(any(required, random).name());
                yield RowJson.encode(fields);
            }
            case WRONG_TYPE -> {
                Feature f = any(schema.features(), random);
                fields.put(f.name(), f.isNumeric() ? (Object) Boolean.TRUE : (Object) 3);
                yield RowJson.encode(fields);
            }
            case UNKNOWN_CATEGORY -> {
                Feature f = any(categorical, random);
                fields.put(f.name(), unknownCategory(f));
                yield RowJson.encode(fields);
            }
            case NAN_STRING -> {
                fields.put(any(numeric, random).name(), "NaN");
                yield RowJson.encode(fields);
            }
            case MALFORMED_JSON -> {
                String json = RowJson.encode(fields);
                yield json.substring(0, 1 + random.nextInt(json.length() - 1));
            }
        };
        return new PlannedRequest(body, null, kind, null);
    }

    private static Feature any(List<Feature> features, SplittableRandom random) {
        return features.get(random.nextInt(features.size()));
    }

    private static String unknownCategory(Feature f) {
        String c = "Superb";
        while (f.categories().contains(c)) {
            c = c + "!";
        }
        return c;
    }

    @Override
    public String describe() {
        return "bad-input: " + Math.round(badShare * 100) + "% invalid (missing field, wrong type, unknown category,"
                + " NaN as string, malformed JSON), each must get a 400";
    }
}
