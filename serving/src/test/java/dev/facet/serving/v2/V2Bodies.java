package dev.facet.serving.v2;

import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds valid OIP V2 inference requests and mutates exactly one node of one: removes it, sets it to null or
 * replaces it with a value of another JSON type. Every level of the request is a node (the body's {@code id},
 * {@code parameters}, {@code inputs}, {@code outputs}; each tensor and its {@code name}, {@code shape},
 * {@code datatype}, {@code data}, {@code parameters}; each shape dimension and data element), so a generator that
 * picks the node and the mutation reaches every place a parser can trip over a missing or mistyped value.
 */
public final class V2Bodies {

    /** What replaces a node in a type swap: one value of each JSON kind, and a few that look almost right. */
    public static final List<Object> SWAPS = List.of("x", "", "FP64", "BYTES", 1, -1, 0, 1.5, Long.MAX_VALUE, 1e308,
            true, false, new JsonArray(), new JsonArray().addNull(), new JsonArray().add(1).add(1),
            new JsonObject(), new JsonObject().putNull("name"));

    /** One mutation: {@code node} indexes the request's nodes (modulo their count), {@code op} 0 remove, 1 null, 2 swap. */
    public record Mutation(int node, int op, int swap) {
        public String describe(int nodes) {
            return (op == 0 ? "remove" : op == 1 ? "null" : "swap to " + SWAPS.get(Math.floorMod(swap, SWAPS.size())))
                    + " node " + Math.floorMod(node, nodes);
        }
    }

    private V2Bodies() {
    }

    /** A valid request of {@code rows} diamonds, with an id, request, tensor and output parameters. */
    public static JsonObject valid(int rows) {
        Map<String, Object> row = Map.of("carat", 0.23, "cut", "Ideal", "color", "E", "clarity", "SI2",
                "depth", 61.5, "table", 55.0, "x", 3.95, "y", 3.98, "z", 2.43);
        JsonArray inputs = new JsonArray();
        for (Feature f : DiamondSchema.FEATURES) {
            JsonArray data = new JsonArray();
            for (int i = 0; i < rows; i++) {
                data.add(row.get(f.name()));
            }
            inputs.add(new JsonObject().put("name", f.name()).put("shape", new JsonArray().add(rows))
                    .put("datatype", f.isNumeric() ? "FP64" : "BYTES").put("data", data)
                    .put("parameters", new JsonObject().put("content_type", f.isNumeric() ? "np" : "str")));
        }
        return new JsonObject().put("id", "req-1").put("parameters", new JsonObject().put("content_type", "pd"))
                .put("inputs", inputs)
                .put("outputs", new JsonArray().add(new JsonObject().put("name", DiamondSchema.TARGET)
                        .put("parameters", new JsonObject())));
    }

    /** How many nodes {@code body} has (every value below the root, at any depth). */
    public static int nodes(JsonObject body) {
        return slots(body).size();
    }

    /** {@code body} with one node changed as {@code m} says (a copy; {@code body} is left as it was). */
    public static JsonObject mutate(JsonObject body, Mutation m) {
        JsonObject copy = body.copy();
        List<Object[]> slots = slots(copy);
        Object[] slot = slots.get(Math.floorMod(m.node(), slots.size()));
        Object replacement = SWAPS.get(Math.floorMod(m.swap(), SWAPS.size()));
        if (replacement instanceof JsonObject o) {
            replacement = o.copy();
        } else if (replacement instanceof JsonArray a) {
            replacement = a.copy();
        }
        if (slot[0] instanceof JsonObject parent) {
            String key = (String) slot[1];
            switch (m.op()) {
                case 0 -> parent.remove(key);
                case 1 -> parent.putNull(key);
                default -> parent.put(key, replacement);
            }
        } else {
            JsonArray parent = (JsonArray) slot[0];
            int index = (Integer) slot[1];
            switch (m.op()) {
                case 0 -> parent.remove(index);
                case 1 -> parent.set(index, null);
                default -> parent.set(index, replacement);
            }
        }
        return copy;
    }

    /** Every (container, key or index) pair under {@code root}, depth first. */
    private static List<Object[]> slots(Object root) {
        List<Object[]> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Object node, List<Object[]> out) {
        if (node instanceof JsonObject o) {
            for (String key : new ArrayList<>(o.fieldNames())) {
                out.add(new Object[]{o, key});
                walk(o.getValue(key), out);
            }
        } else if (node instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Object[]{a, i});
                walk(a.getValue(i), out);
            }
        }
    }
}
