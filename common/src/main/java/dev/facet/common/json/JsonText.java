package dev.facet.common.json;

import java.nio.charset.StandardCharsets;

/**
 * Pieces of JSON for the writers that bypass Jackson's generator on hot paths (prediction events, prediction
 * replies): whether a string can be written without escaping, and a double's text as Jackson writes it. Those
 * writers fall back to Jackson for anything these do not cover, and are tested byte for byte against it.
 */
public final class JsonText {

    private static final int BITS = 12;
    private static final Entry[] NUMBERS = new Entry[1 << BITS];

    private record Entry(long bits, byte[] text) {
    }

    private JsonText() {
    }

    /** Printable ASCII without '"' or '\\': what Jackson writes unescaped, byte for byte. */
    public static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link Double#toString} (what Jackson writes for a finite double) as ASCII bytes, remembered in a
     * direct-mapped cache of 4,096 entries. Why: Java 17's {@code Double.toString} was a tenth of serving's CPU
     * on 1,000-row batches (six features a row), and served features repeat: the whole diamonds data set has
     * about 2,000 distinct measurement values. A miss costs the conversion plus one small allocation.
     *
     * <p>Thread-safe without locks: an entry is immutable and published through final fields, so a reader sees
     * a whole entry, and a race at worst replaces one with an equal one. Callers must not modify the array.
     */
    public static byte[] number(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int slot = (int) ((bits ^ (bits >>> 29) ^ (bits >>> 41)) * 0x9E3779B97F4A7C15L >>> (64 - BITS));
        Entry e = NUMBERS[slot];
        if (e != null && e.bits == bits) {
            return e.text;
        }
        byte[] text = Double.toString(v).getBytes(StandardCharsets.US_ASCII);
        NUMBERS[slot] = new Entry(bits, text);
        return text;
    }
}
