package dev.facet.contracts.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UtcTimestampsTest {

    @Property(tries = 5000)
    void parsesWhatInstantPrintsExactlyAsInstantParseDoes(@ForAll("instants") Instant t, @ForAll("digits") int digits) {
        // Instant.toString prints 0, 3, 6 or 9 fraction digits; other producers print any count from 1 to 9
        String text = t.toString();
        String base = text.substring(0, 19);
        String nanos = String.format("%09d", t.getNano());
        String variant = digits == 0 ? base + "Z" : base + "." + nanos.substring(0, digits) + "Z";
        assertThat(UtcTimestamps.parse(text)).isEqualTo(Instant.parse(text));
        assertThat(UtcTimestamps.parse(variant)).isEqualTo(Instant.parse(variant));
    }

    @Provide
    Arbitrary<Instant> instants() {
        // years 0000 to 9999, the range of a four-digit year
        return Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    }

    @Provide
    Arbitrary<Integer> digits() {
        return Arbitraries.integers().between(0, 9);
    }

    @Test
    void decidesEveryOtherShapeAsInstantParseDoes() {
        int refused = 0;
        for (String text : List.of("", "2026-11-23", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-23T24:00:01Z",
                "2026-11-23T10:15:30.Z", "2026-11-23T10:15:30.1234567890Z", "2026-11-23 10:15:30Z", "2026-11-23T1a:15:30Z",
                "2026-11-23T10:15:30", "yesterday", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z",
                "2026-11-23T23:59:60Z", "+10000-01-01T00:00:00Z", "2026-11-23T10:15:30+01:00", "2026-11-23t10:15:30z")) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                refused++;
                assertThatThrownBy(() -> UtcTimestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(expected);
        }
        assertThat(refused).as("the list must hold text Instant.parse refuses").isGreaterThanOrEqualTo(8);
    }
}
