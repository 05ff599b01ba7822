package dev.facet.contracts.schema;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.facet.contracts.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming reader against {@link DiamondValidator} on parsed maps as oracle: it reads every valid row in
 * any field order, and whenever it answers, the validator agrees.
 */
class DiamondReaderTest {

    @Property(tries = 500)
    void readsEveryValidRowInAnyFieldOrder(@ForAll("diamonds") Diamond d, @ForAll long seed) throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(shuffled(fields(d), new Random(seed)));
        assertThat(DiamondReader.read(json)).isEqualTo(d);
    }

    @Property(tries = 3000)
    void whenItAnswersTheValidatorAgrees(@ForAll("diamonds") Diamond d, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, Object> row = fields(d);
        for (int m = random.nextInt(3); m > 0; m--) {
            mutate(row, random);
        }
        byte[] json = garble(Json.MAPPER.writeValueAsString(row), random);
        Diamond fast = DiamondReader.read(json);
        if (fast != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = Json.MAPPER.readValue(json, Map.class);
            DiamondValidator.Result oracle = DiamondValidator.validate(parsed);
            assertThat(oracle.errors()).as(new String(json, StandardCharsets.UTF_8)).isEmpty();
            assertThat(fast).isEqualTo(oracle.diamond());
        }
    }

    @Property(tries = 300)
    void anArrayIsReadWhenEveryRowIsValidAndTheCountFits(@ForAll("diamonds") Diamond a, @ForAll("diamonds") Diamond b,
                                                        @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, Object> second = fields(b);
        boolean spoiled = random.nextBoolean();
        if (spoiled) {
            mutate(second, random);
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(List.of(fields(a), second));
        List<Diamond> rows = DiamondReader.readArray(json, 2);
        if (!spoiled) {
            assertThat(rows).containsExactly(a, b);
        } else if (rows != null) {
            assertThat(rows.get(1)).isEqualTo(DiamondValidator.validate(second).diamond());
        }
        assertThat(DiamondReader.readArray(json, 1)).as("over maxRows").isNull();
    }

    @Test
    void anythingButAnArrayOfObjectsIsLeftToTheGeneralPath() {
        assertThat(DiamondReader.readArray(bytes("[]"), 10)).isNull();
        assertThat(DiamondReader.readArray(bytes("{}"), 10)).isNull();
        assertThat(DiamondReader.readArray(bytes("[1]"), 10)).isNull();
        assertThat(DiamondReader.read(bytes("[]"))).isNull();
        assertThat(DiamondReader.read(bytes(""))).isNull();
        assertThat(DiamondReader.read(bytes("{\"carat\":"))).isNull();
    }

    @Provide
    Arbitrary<Diamond> diamonds() {
        Arbitrary<double[]> sizes = Arbitraries.doubles().between(0.01, 100).array(double[].class).ofSize(5);
        return Combinators.combine(Arbitraries.doubles().between(0.01, 10), category(DiamondSchema.CUT),
                        category(DiamondSchema.COLOR), category(DiamondSchema.CLARITY), sizes)
                .as((carat, cut, color, clarity, s) -> new Diamond(carat, cut, color, clarity, s[0], s[1], s[2],
                        s[3], s[4] < 5 ? 0 : s[4]));
    }

    private static Arbitrary<String> category(Feature f) {
        return Arbitraries.of(f.categories());
    }

    /** The diamond as the JSON object a client sends, as a map to mutate. */
    private static Map<String, Object> fields(Diamond d) {
        return Json.MAPPER.convertValue(d, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** Values valid for some features and not others, and of every JSON shape. */
    private static final List<Object> ODD = List.of("", "Ideal", "G", "VS2", "ideal", 0, -1, 1, 10, 10.5, 100,
            100.01, -0.0, 4294967297L, 1e308, new java.math.BigDecimal("1e400"), true, List.of(), Map.of());

    private static void mutate(Map<String, Object> row, Random random) {
        List<String> keys = new ArrayList<>(row.keySet());
        String key = keys.isEmpty() ? "carat" : keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(4)) {
            case 0 -> row.remove(key);
            case 1 -> row.put(key, null);
            case 2 -> row.put(random.nextBoolean() ? "colour" : "price", ODD.get(random.nextInt(ODD.size())));
            default -> row.put(key, ODD.get(random.nextInt(ODD.size())));
        }
    }

    private static byte[] garble(String json, Random random) {
        return bytes(switch (random.nextInt(5)) {
            case 0 -> json + " 1";                                         // trailing content
            case 1 -> json.substring(0, random.nextInt(json.length()));    // truncated
            case 2 -> json.replaceFirst("\\{", "{\"carat\":1,");           // a duplicate
            default -> json;
        });
    }

    private static Map<String, Object> shuffled(Map<String, Object> m, Random random) {
        List<String> keys = new ArrayList<>(m.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, m.get(k)));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
