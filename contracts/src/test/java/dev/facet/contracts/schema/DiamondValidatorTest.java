package dev.facet.contracts.schema;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiamondValidatorTest {

    static Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("carat", 0.23);
        m.put("cut", "Ideal");
        m.put("color", "E");
        m.put("clarity", "SI2");
        m.put("depth", 61.5);
        m.put("table", 55);
        m.put("x", 3.95);
        m.put("y", 3.98);
        m.put("z", 2.43);
        return m;
    }

    @Test
    void aValidDiamondBecomesItsFeatureVector() {
        DiamondValidator.Result r = DiamondValidator.validate(valid());
        assertThat(r.valid()).isTrue();
        assertThat(r.diamond().toVector()).containsExactly(0.23, 5, 6, 2, 61.5, 55, 3.95, 3.98, 2.43);
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        Map<String, Object> m = valid();
        m.remove("carat");
        m.put("cut", "Superb");
        m.put("depth", "61.5");
        m.put("table", Double.NaN);
        m.put("x", -1);
        m.put("colour", "E");
        DiamondValidator.Result r = DiamondValidator.validate(m, "[2].");
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("[2].carat", "[2].cut", "[2].depth", "[2].table", "[2].x", "[2].colour");
        assertThat(problem(r, "[2].carat")).isEqualTo("is required");
        assertThat(problem(r, "[2].cut")).contains("unknown category \"Superb\"").contains("Ideal");
        assertThat(problem(r, "[2].depth")).contains("must be a number").contains("string \"61.5\"");
        assertThat(problem(r, "[2].table")).contains("finite");
        assertThat(problem(r, "[2].x")).contains(">= 0").contains("got -1");
        assertThat(problem(r, "[2].colour")).contains("unknown field");
    }

    @Test
    void nullsBooleansAndNestedValuesAreWrongTypes() {
        Map<String, Object> m = valid();
        m.put("carat", null);
        m.put("y", true);
        m.put("z", List.of(1));
        m.put("color", Map.of("a", 1));
        DiamondValidator.Result r = DiamondValidator.validate(m);
        assertThat(problem(r, "carat")).contains("got null");
        assertThat(problem(r, "y")).contains("got boolean true");
        assertThat(problem(r, "z")).contains("got an array");
        assertThat(problem(r, "color")).contains("got an object");
    }

    @Test
    void infinityAndHugeNumbersAreRefused() {
        Map<String, Object> m = valid();
        m.put("carat", Double.POSITIVE_INFINITY);
        m.put("depth", new java.math.BigDecimal("1e400"));
        DiamondValidator.Result r = DiamondValidator.validate(m);
        assertThat(problem(r, "carat")).contains("finite");
        assertThat(problem(r, "depth")).contains("finite");
    }

    @Test
    void rangeBoundsFollowTheSchema() {
        Map<String, Object> m = valid();
        m.put("carat", 0);
        assertThat(problem(DiamondValidator.validate(m), "carat")).contains("> 0");
        m.put("carat", 10);
        assertThat(DiamondValidator.validate(m).valid()).isTrue();
        m.put("carat", 10.01);
        assertThat(problem(DiamondValidator.validate(m), "carat")).contains("<= 10");
    }

    @Test
    void longStringsAreTruncatedInMessages() {
        Map<String, Object> m = valid();
        m.put("cut", "x".repeat(10_000));
        assertThat(problem(DiamondValidator.validate(m), "cut").length()).isLessThan(200);
    }

    @Property(tries = 2000)
    void arbitraryObjectsNeverThrowAndAreValidOnlyWhenEveryFieldIs(@ForAll("objects") Map<String, Object> json) {
        DiamondValidator.Result r = DiamondValidator.validate(json);
        assertThat(r.valid()).isEqualTo(r.errors().isEmpty());
        if (r.valid()) {
            assertThat(json.keySet()).containsExactlyInAnyOrderElementsOf(DiamondSchema.names());
            for (Feature f : DiamondSchema.NUMERIC) {
                assertThat(f.inRange(r.diamond().numeric(f.name()))).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.doubles().between(-5, 120).map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, 1e308).map(d -> (Object) d),
                Arbitraries.integers().between(-3, 200).map(i -> (Object) i),
                Arbitraries.of("Ideal", "Fair", "E", "J", "IF", "SI1", "", "ideal", "NaN", "\u0000\uFFFF").map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(DiamondSchema.names()),
                Arbitraries.strings().ofMaxLength(6));
        return Arbitraries.maps(keys, values).ofMaxSize(12).map(HashMap::new);
    }

    private static String problem(DiamondValidator.Result r, String field) {
        return r.errors().stream().filter(e -> e.field().equals(field)).findFirst()
                .map(FieldError::problem).orElseThrow(() -> new AssertionError("no error for " + field + " in " + r.errors()));
    }
}
