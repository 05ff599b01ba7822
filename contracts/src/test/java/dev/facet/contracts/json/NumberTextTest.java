package dev.facet.contracts.json;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NumberTextTest {

    /** Hits and misses alike give Double.toString's text, with or without a cache, however slots collide. */
    @Property(tries = 2000)
    void isDoubleToStringWhetherCachedOrNot(@ForAll double a, @ForAll double b) {
        NumberText cached = NumberText.cached();
        for (double v : new double[] {a, b, a, b}) {
            byte[] expected = Double.toString(v).getBytes(StandardCharsets.US_ASCII);
            assertThat(cached.of(v)).isEqualTo(expected);
            assertThat(NumberText.uncached().of(v)).isEqualTo(expected);
        }
    }

    @Property(tries = 200)
    void aCachedValueIsRememberedByItsOwnerOnly(@ForAll double v) {
        NumberText one = NumberText.cached();
        NumberText other = NumberText.cached();
        byte[] first = one.of(v);
        assertThat(one.of(v)).isSameAs(first);
        assertThat(other.of(v)).isNotSameAs(first).isEqualTo(first);
        assertThat(NumberText.uncached().of(v)).isNotSameAs(NumberText.uncached().of(v));
    }
}
