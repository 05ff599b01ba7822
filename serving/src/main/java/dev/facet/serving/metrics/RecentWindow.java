package dev.facet.serving.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@code capacity} values of a stream, for "recent min / max / mean" gauges. Lock-free: writers (event
 * loops and batch workers) claim a slot with one atomic increment; a scrape reads the slots as they are. A
 * reader racing a writer sees either the old or the new value of a slot, both real recent values.
 *
 * <p>A count-based window, not a time-based one: it always holds the latest values, so after traffic stops the
 * gauges keep describing the last {@code capacity} requests rather than dropping to nothing.
 */
public final class RecentWindow {

    private final AtomicLongArray slots;
    private final AtomicLong written = new AtomicLong();
    private final int mask;

    /** @param capacity a power of two */
    public RecentWindow(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.slots = new AtomicLongArray(capacity);
        this.mask = capacity - 1;
    }

    public void add(double value) {
        long i = written.getAndIncrement();
        slots.set((int) (i & mask), Double.doubleToRawLongBits(value));
    }

    /** Adds {@code values} in order, claiming their slots with one atomic step (the window's shared counter). */
    public void addAll(double[] values) {
        long first = written.getAndAdd(values.length);
        for (int k = 0; k < values.length; k++) {
            slots.set((int) ((first + k) & mask), Double.doubleToRawLongBits(values[k]));
        }
    }

    /** Summary of the window; NaN for every statistic while it is empty (Prometheus shows NaN as "no data"). */
    public Summary summary() {
        int n = (int) Math.min(written.get(), slots.length());
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = Double.longBitsToDouble(slots.get(i));
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Summary(n, min, max, sum / n);
    }

    /** Statistics over the values currently in the window. */
    public record Summary(int count, double min, double max, double mean) {
    }
}
