package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A share of invalid requests among valid held-out rows. Each invalid one starts from a real row and breaks
 * it in one way ({@link BadKind}, drawn uniformly), so the server's 400 can only come from that defect.
 */
public record BadInput(HeldOut rows, double badShare) implements Scenario {

    private static final BadKind[] KINDS = BadKind.values();

    public BadInput {
        if (!(badShare >= 0 && badShare <= 1)) {
            throw new IllegalArgumentException("bad-input share must be in [0, 1], got " + badShare);
        }
    }

    @Override
    public PlannedRequest next(double progress, SplittableRandom random) {
        var row = rows.draw(random);
        if (random.nextDouble() >= badShare) {
            return PlannedRequest.valid(row.diamond(), row.price());
        }
        BadKind kind = KINDS[random.nextInt(KINDS.length)];
        Map<String, Object> fields = DiamondJson.fields(row.diamond());
        String body = switch (kind) {
            case MISSING_FIELD -> {
                fields.remove(any(random).name());
                yield DiamondJson.encode(fields);
            }
            case WRONG_TYPE -> {
                Feature f = any(random);
                fields.put(f.name(), f.isNumeric() ? (Object) Boolean.TRUE : (Object) 3);
                yield DiamondJson.encode(fields);
            }
            case UNKNOWN_CATEGORY -> {
                Feature f = DiamondSchema.CATEGORICAL.get(random.nextInt(DiamondSchema.CATEGORICAL.size()));
                fields.put(f.name(), "Superb");
                yield DiamondJson.encode(fields);
            }
            case NAN_STRING -> {
                Feature f = DiamondSchema.NUMERIC.get(random.nextInt(DiamondSchema.NUMERIC.size()));
                fields.put(f.name(), "NaN");
                yield DiamondJson.encode(fields);
            }
            case MALFORMED_JSON -> {
                String json = DiamondJson.encode(fields);
                yield json.substring(0, 1 + random.nextInt(json.length() - 1));
            }
        };
        return new PlannedRequest(body, null, kind, Double.NaN);
    }

    private static Feature any(SplittableRandom random) {
        return DiamondSchema.FEATURES.get(random.nextInt(DiamondSchema.FEATURES.size()));
    }

    @Override
    public String describe() {
        return "bad-input: " + Math.round(badShare * 100) + "% invalid (missing field, wrong type, unknown category,"
                + " NaN as string, malformed JSON), each must get a 400";
    }
}
