package dev.facet.contracts.event;

import dev.facet.contracts.json.NumberText;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer against Jackson's generator as oracle: the same bytes for every event, usual or not. */
class PredictionEventWriterTest {

    @Property(tries = 3000)
    void writesExactlyWhatTheGeneratorWrites(@ForAll("instants") Instant at, @ForAll("strings") String name,
                                             @ForAll("strings") String version, @ForAll("ids") String id,
                                             @ForAll("diamonds") Diamond d, @ForAll("numbers") double price) {
        byte[] written = new PredictionEventWriter().request(at, name, version).write(id, d, price);
        byte[] uncached = new PredictionEventWriter(NumberText.uncached()).request(at, name, version).write(id, d, price);
        byte[] oracle = EventCodec.encodeWithGenerator(PredictionEvent.of(id, at, name, version, d, price));
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(oracle, StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(oracle);
        assertThat(uncached).isEqualTo(oracle);
    }

    @Test
    void oneWriterServesEveryRowOfABatch() throws Exception {
        Instant at = Instant.parse("2026-11-29T17:20:00.123Z");
        PredictionEventWriter.Request w = new PredictionEventWriter().request(at, "diamonds-rf", "7");
        Diamond a = new Diamond(0.3, "Ideal", "E", "SI2", 61.5, 55, 4.3, 4.35, 2.7);
        Diamond b = new Diamond(1.01, "Very Good", "J", "VVS1", 62.8, 57.5, 6.4, 6.41, 4.02);
        for (Diamond d : new Diamond[] {a, b}) {
            String id = UUID.randomUUID().toString();
            PredictionEvent back = EventCodec.decodePrediction(w.write(id, d, 1234.5));
            assertThat(back).isEqualTo(PredictionEvent.of(id, at, "diamonds-rf", "7", d, 1234.5));
        }
    }

    @Test
    void aRequestOfTheSameMillisecondAndModelReusesTheLastOneAndNoOther() {
        PredictionEventWriter writer = new PredictionEventWriter();
        Instant at = Instant.parse("2026-11-29T17:20:00.123Z");
        PredictionEventWriter.Request first = writer.request(at, "diamonds-rf", "7");
        assertThat(writer.request(Instant.parse("2026-11-29T17:20:00.123Z"), "diamonds-rf", "7")).isSameAs(first);
        assertThat(writer.request(at.plusMillis(1), "diamonds-rf", "7")).isNotSameAs(first);
        assertThat(writer.request(at, "penguins-rf", "7")).isNotSameAs(first);
        assertThat(writer.request(at, "diamonds-rf", "8")).isNotSameAs(first);
        // what one writer remembers is its own: another writer starts afresh
        assertThat(new PredictionEventWriter().request(at, "diamonds-rf", "7")).isNotSameAs(first);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800L), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    /** Mostly plain, sometimes with what JSON must escape or UTF-8 must encode. */
    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars("-._ ").ofMaxLength(16),
                Arbitraries.strings().withChars("a\"\\/\n\t\u0001é€😀").ofMaxLength(6),
                Arbitraries.strings().all().ofMaxLength(8));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString()), strings());
    }

    @Provide
    Arbitrary<Double> numbers() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.doubles(),
                Arbitraries.of(0.0, -0.0, 1e-7, 1e7, 123456789.0, Double.MIN_VALUE, Double.MAX_VALUE,
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Provide
    Arbitrary<Diamond> diamonds() {
        Arbitrary<String> cut = Arbitraries.oneOf(Arbitraries.of(DiamondSchema.feature("cut").categories()), strings());
        Arbitrary<String> color = Arbitraries.of(DiamondSchema.feature("color").categories());
        Arbitrary<String> clarity = Arbitraries.of(DiamondSchema.feature("clarity").categories());
        Arbitrary<double[]> numbers = numbers().array(double[].class).ofSize(6);
        return Combinators.combine(cut, color, clarity, numbers)
                .as((c, co, cl, n) -> new Diamond(n[0], c, co, cl, n[1], n[2], n[3], n[4], n[5]));
    }
}
