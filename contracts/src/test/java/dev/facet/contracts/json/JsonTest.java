package dev.facet.contracts.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapper's number parsing (Jackson's fast double parser) gives exactly what Double.parseDouble gives. */
class JsonTest {

    @Property(tries = 5000)
    void aNumberParsesToTheDoubleTheJdkGives(@ForAll("decimals") String text) throws Exception {
        double fast = read(Json.MAPPER.getFactory(), text);
        // Jackson without the fast parser: what Vert.x's own codec (the validator's fallback path) gives
        double plain = read(new JsonFactory(), text);
        assertThat(Double.doubleToRawLongBits(fast)).as(text).isEqualTo(Double.doubleToRawLongBits(plain));
        if (text.contains(".") || text.contains("e")) { // a float token: Double.parseDouble's own result
            assertThat(Double.doubleToRawLongBits(fast)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    private static double read(JsonFactory factory, String number) throws Exception {
        try (JsonParser p = factory.createParser("{\"carat\":" + number + "}")) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
            assertThat(p.nextToken().isNumeric()).isTrue();
            return p.getDoubleValue();
        }
    }

    /** JSON numbers: long mantissas, halfway cases, subnormal and huge exponents, the JDK's own renderings. */
    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25)
                .map(s -> s.length() > 1 && s.startsWith("0") ? "1" + s.substring(1) : s);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> exponent = Arbitraries.integers().between(-330, 310).map(e -> "e" + e);
        Arbitrary<String> written = Combinators.combine(Arbitraries.of("", "-"), digits, fraction.injectNull(0.3),
                exponent.injectNull(0.5)).as((sign, i, f, e) -> sign + i + (f == null ? "" : "." + f) + (e == null ? "" : e));
        Arbitrary<String> jdk = Arbitraries.doubles().map(d -> Double.toString(d).replace("E", "e"))
                .filter(s -> !s.contains("Infinity") && !s.contains("NaN"));
        return Arbitraries.oneOf(written, jdk, Arbitraries.of("0.30000000000000004", "9007199254740993",
                "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308", "0.1", "1e23", "8.41e21"));
    }
}
