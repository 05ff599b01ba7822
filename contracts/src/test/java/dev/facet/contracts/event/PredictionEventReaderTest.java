package dev.facet.contracts.event;

import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming reader against the tree decoder as oracle: it must read every record the producer writes, and
 * on anything else either agree with the tree decoder exactly or step aside.
 */
class PredictionEventReaderTest {

    @Property(tries = 500)
    void readsEveryEncodedEventExactlyAsTheTreeDecoder(@ForAll("events") PredictionEvent event) throws Exception {
        byte[] bytes = EventCodec.encode(event);
        PredictionEvent fast = PredictionEventReader.read(bytes);
        assertThat(fast).as("the fast path reads what the producer writes").isNotNull();
        assertThat(fast).isEqualTo(EventCodec.decodePredictionTree(bytes)).isEqualTo(event);
    }

    @Property(tries = 2000)
    void onAnyMutationItAgreesWithTheTreeDecoderOrStepsAside(@ForAll("events") PredictionEvent event,
                                                             @ForAll("seeds") long seed) throws Exception {
        byte[] bytes = mutate(event, new Random(seed));
        PredictionEvent fast = PredictionEventReader.read(bytes);
        Object oracle = outcome(() -> EventCodec.decodePredictionTree(bytes));
        if (fast != null) {
            assertThat(fast).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(oracle);
        }
        assertThat(outcome(() -> EventCodec.decodePrediction(bytes))).isEqualTo(oracle);
    }

    @Property(tries = 200)
    void fieldOrderAndUnknownExtraFieldsDoNotMatter(@ForAll("events") PredictionEvent event,
                                                    @ForAll("seeds") long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, Object> root = asMap(event);
        root.put("trace", Map.of("span", List.of(1, "two", Map.of())));
        byte[] bytes = Json.MAPPER.writeValueAsBytes(shuffled(root, random));
        assertThat(PredictionEventReader.read(bytes)).isNotNull().isEqualTo(event);
    }

    @Provide
    Arbitrary<PredictionEvent> events() {
        // depth and table from 0.01: their minimum is exclusive; x, y and z may be 0 (missing in the data set)
        Arbitrary<double[]> sizes = Arbitraries.doubles().between(0.01, 100).array(double[].class).ofSize(5);
        Arbitrary<Diamond> diamonds = Combinators.combine(Arbitraries.doubles().between(0.01, 10),
                        category("cut"), category("color"), category("clarity"), sizes)
                .as((carat, cut, color, clarity, s) -> new Diamond(carat, cut, color, clarity, s[0], s[1], s[2],
                        s[3], s[4] < 5 ? 0 : s[4]));
        Arbitrary<Instant> instants = Arbitraries.longs().between(0, 4_102_444_800_000L)
                .map(Instant::ofEpochMilli);
        return Combinators.combine(instants, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.integers().between(1, 999), diamonds, Arbitraries.doubles().between(-1e6, 1e6),
                        Arbitraries.longs(), Arbitraries.longs())
                .as((at, name, version, d, price, hi, lo) -> PredictionEvent.of(new UUID(hi, lo).toString(), at,
                        name, Integer.toString(version), d, price));
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static Arbitrary<String> category(String feature) {
        return Arbitraries.of(DiamondSchema.feature(feature).categories());
    }

    /** Values of every JSON shape, including ones that are valid for some fields and not others. */
    private static final List<Object> ODD_VALUES = List.of("", "x", "Ideal", "G", "2024-01-31T12:00:00Z",
            "2024-01-31T12:00:00+01:00", "not-a-uuid", UUID.randomUUID().toString(), 0, -1, 1, 2, 4294967297L,
            0.5, 99.9, 100.5, 1e308, -0.0, new java.math.BigDecimal("1e400"), true, false,
            List.of(), List.of(1), Map.of(), Map.of("carat", 1));

    private static byte[] mutate(PredictionEvent event, Random random) throws Exception {
        Map<String, Object> root = asMap(event);
        @SuppressWarnings("unchecked")
        Map<String, Object> features = (Map<String, Object>) root.get("features");
        int mutations = 1 + random.nextInt(2);
        for (int m = 0; m < mutations; m++) {
            Map<String, Object> target = random.nextBoolean() ? root : features;
            List<String> keys = new ArrayList<>(target.keySet());
            String key = keys.isEmpty() ? "carat" : keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(4)) {
                case 0 -> target.remove(key);
                case 1 -> target.put(key, null);
                case 2 -> target.put("extra_" + random.nextInt(3), ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
                default -> target.put(key, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
            }
        }
        String json = Json.MAPPER.writeValueAsString(random.nextBoolean() ? shuffled(root, random) : root);
        return switch (random.nextInt(6)) {
            case 0 -> (json + " {}").getBytes(StandardCharsets.UTF_8);               // trailing content
            case 1 -> json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
            case 2 -> json.replaceFirst("\\{", "{\"price\":1,").getBytes(StandardCharsets.UTF_8); // duplicate
            case 3 -> json.replace("\"carat\":", "\"carat\":1,\"carat\":").getBytes(StandardCharsets.UTF_8);
            default -> json.getBytes(StandardCharsets.UTF_8);
        };
    }

    private static Map<String, Object> asMap(PredictionEvent event) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = Json.MAPPER.readValue(EventCodec.encode(event), LinkedHashMap.class);
        return root;
    }

    private static Map<String, Object> shuffled(Map<String, Object> map, Random random) {
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
            Object v = map.get(k);
            @SuppressWarnings("unchecked")
            Object inner = v instanceof Map<?, ?> m ? shuffled((Map<String, Object>) m, random) : v;
            out.put(k, inner);
        }
        return out;
    }

    private interface Decode {
        PredictionEvent run() throws EventFormatException;
    }

    /** The event, or the refusal's reason and message: what a caller can observe. */
    private static Object outcome(Decode decode) {
        try {
            return decode.run();
        } catch (EventFormatException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }
}
