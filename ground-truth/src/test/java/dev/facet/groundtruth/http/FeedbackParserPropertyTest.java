package dev.facet.groundtruth.http;

import dev.facet.contracts.schema.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid feedback bodies (one object, or a batch array) with nodes removed, nulled or swapped for another JSON type,
 * at every level: the parser never throws; it returns requests, or problems each naming a field. A throw would
 * reach the failure handler as a 500.
 */
class FeedbackParserPropertyTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    /** Replacements: one value of each JSON kind, and strings that almost parse as a UUID, a price or a time. */
    private static final List<Object> SWAPS = List.of("x", "", 1, -1, 0, 1.5, -0.0, 1e308, Long.MAX_VALUE, true,
            new JsonArray(), new JsonArray().addNull(), new JsonObject(), new JsonObject().putNull("prediction_id"),
            "3F2B8C1E-5D4A-4F6B-9C2D-1A2B3C4D5E6F", "3f2b8c1e5d4a4f6b9c2d1a2b3c4d5e6f", "1234.5", "NaN",
            "2024-01-31T12:00:00", "2024-13-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00",
            "-999999999-01-01T00:00:00+18:00", "2999-01-01T00:00:00Z");

    private final FeedbackParser parser = new FeedbackParser(Duration.ofMinutes(5), 100);

    record Mutation(int node, int op, int swap) {
    }

    @Property(tries = 2000, seed = "18")
    void mutatedSingleBodiesGiveRequestsOrFieldErrors(@ForAll("mutations") List<Mutation> ms) {
        JsonArray root = new JsonArray().add(valid(0));
        mutate(root, ms);
        check(parser.single(root.getValue(0), NOW), 1);
    }

    @Property(tries = 2000, seed = "18")
    void mutatedBatchesGiveRequestsOrFieldErrors(@ForAll @IntRange(min = 1, max = 3) int items,
                                                 @ForAll("mutations") List<Mutation> ms) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < items; i++) {
            batch.add(valid(i));
        }
        JsonArray root = new JsonArray().add(batch);
        mutate(root, ms);
        check(parser.batch(root.getValue(0), NOW), items);
    }

    /** Every node of a two-item batch, removed, nulled and swapped for each replacement: all of them. */
    @Test
    void everySingleMutationOfABatchGivesRequestsOrFieldErrors() {
        int nodes = slots(new JsonArray().add(new JsonArray().add(valid(0)).add(valid(1)))).size();
        for (int node = 0; node < nodes; node++) {
            for (int op = 0; op < 3; op++) {
                for (int swap = 0; swap < (op == 2 ? SWAPS.size() : 1); swap++) {
                    JsonArray root = new JsonArray().add(new JsonArray().add(valid(0)).add(valid(1)));
                    mutate(root, List.of(new Mutation(node, op, swap)));
                    check(parser.batch(root.getValue(0), NOW), 2);
                    JsonArray single = new JsonArray().add(valid(0));
                    mutate(single, List.of(new Mutation(node, op, swap)));
                    check(parser.single(single.getValue(0), NOW), 1);
                }
            }
        }
    }

    private static void check(FeedbackParser.Result r, int items) {
        if (r.valid()) {
            assertThat(r.requests()).hasSizeBetween(1, items);
            assertThat(r.requests()).allSatisfy(q -> {
                assertThat(q.predictionId()).matches("[0-9a-f-]{36}");
                // valid() items carry actual_price: a finite number > 0 after any mutation that keeps it valid
                assertThat(q.value() != null ? q.value() : 0.0).isFinite();
                assertThat((q.value() == null) != (q.label() == null)).isTrue();
                assertThat(q.observedAt()).isNotNull();
            });
        } else {
            assertThat(r.requests()).isEmpty();
            assertThat(r.errors()).extracting(FieldError::field).allSatisfy(f -> assertThat(f).isNotBlank());
        }
    }

    private static JsonObject valid(int i) {
        return new JsonObject().put("prediction_id", "3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6" + i)
                .put("actual_price", 1234.5 + i).put("observed_at", "2026-01-31T11:00:00Z");
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, SWAPS.size() - 1)).as(Mutation::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    /** Applies each mutation to one node under {@code root} (whose single element is the body). */
    private static void mutate(JsonArray root, List<Mutation> ms) {
        for (Mutation m : ms) {
            List<Object[]> slots = slots(root);
            Object[] slot = slots.get(m.node() % slots.size());
            Object swap = SWAPS.get(m.swap());
            swap = swap instanceof JsonObject o ? o.copy() : swap instanceof JsonArray a ? a.copy() : swap;
            if (slot[0] instanceof JsonObject parent) {
                String key = (String) slot[1];
                switch (m.op()) {
                    case 0 -> parent.remove(key);
                    case 1 -> parent.putNull(key);
                    default -> parent.put(key, swap);
                }
            } else {
                JsonArray parent = (JsonArray) slot[0];
                int index = (Integer) slot[1];
                // the root's one element may be nulled or swapped, not removed: the body itself is then absent
                switch (parent == root && m.op() == 0 ? 1 : m.op()) {
                    case 0 -> parent.remove(index);
                    case 1 -> parent.set(index, null);
                    default -> parent.set(index, swap);
                }
            }
        }
    }

    private static List<Object[]> slots(Object node) {
        List<Object[]> out = new ArrayList<>();
        walk(node, out);
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
