package dev.facet.contracts.json;

import java.nio.charset.StandardCharsets;

/**
 * A finite double's text as Jackson writes it ({@link Double#toString}), as ASCII bytes, remembered in a
 * direct-mapped cache that the instance owns. Why a cache: {@code Double.toString} is a large share of serving's
 * CPU on batches (BENCHMARKS.md), and served features repeat (the whole diamonds data set has about 2,000
 * distinct measurement values). A miss costs the conversion plus one small allocation.
 *
 * <p>Thread-safe without locks: an entry is immutable and published through final fields, so a reader sees a
 * whole entry, and a race at worst replaces one with an equal one. Callers must not modify the arrays returned.
 */
public final class NumberText {

    private static final int BITS = 12;

    /** Null when uncached. */
    private final Entry[] slots;

    private record Entry(long bits, byte[] text) {
    }

    private NumberText(Entry[] slots) {
        this.slots = slots;
    }

    /** With a cache of 4,096 entries: for a long-lived writer on a hot path. */
    public static NumberText cached() {
        return new NumberText(new Entry[1 << BITS]);
    }

    /** Without a cache: for one-off writes, where allocating a cache would cost more than it saves. */
    public static NumberText uncached() {
        return new NumberText(null);
    }

    public byte[] of(double v) {
        if (slots == null) {
            return ascii(v);
        }
        long bits = Double.doubleToRawLongBits(v);
        int slot = (int) ((bits ^ (bits >>> 29) ^ (bits >>> 41)) * 0x9E3779B97F4A7C15L >>> (64 - BITS));
        Entry e = slots[slot];
        if (e != null && e.bits == bits) {
            return e.text;
        }
        byte[] text = ascii(v);
        slots[slot] = new Entry(bits, text);
        return text;
    }

    private static byte[] ascii(double v) {
        return Double.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
