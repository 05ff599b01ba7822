package dev.facet.drift.window;

import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.drift.stats.WindowSample;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ring buffer of the drift-relevant parts of events: the six numeric features, the three categories (as
 * ordinals), the predicted price, event time, partition and offset, in primitive arrays (no object per event).
 * Capacity is fixed at construction, so memory is bounded whatever the traffic (bytes per event: the module
 * README's configuration table).
 */
final class EventBuffer {

    private static final int NUMERIC = DiamondSchema.NUMERIC.size();
    private static final int CATEGORICAL = DiamondSchema.CATEGORICAL.size();

    private final int capacity;
    private final double[][] numeric;
    private final double[] prediction;
    private final byte[][] category;
    private final long[] timeMillis;
    private final int[] partition;
    private final long[] offset;
    private int head;
    private int size;

    EventBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        numeric = new double[NUMERIC][capacity];
        prediction = new double[capacity];
        category = new byte[CATEGORICAL][capacity];
        timeMillis = new long[capacity];
        partition = new int[capacity];
        offset = new long[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    boolean isFull() {
        return size == capacity;
    }

    /** Appends; the caller makes room first ({@link #removeOldest()}) when full. */
    void add(PredictionEvent e, int partitionId, long recordOffset) {
        if (isFull()) {
            throw new IllegalStateException("buffer full");
        }
        int i = (head + size) % capacity;
        Diamond d = e.features();
        numeric[0][i] = d.carat();
        numeric[1][i] = d.depth();
        numeric[2][i] = d.table();
        numeric[3][i] = d.x();
        numeric[4][i] = d.y();
        numeric[5][i] = d.z();
        for (int c = 0; c < CATEGORICAL; c++) {
            Feature f = DiamondSchema.CATEGORICAL.get(c);
            category[c][i] = (byte) (f.ordinalOf(d.category(f.name())) - 1);
        }
        prediction[i] = e.price();
        timeMillis[i] = e.timestamp().toEpochMilli();
        partition[i] = partitionId;
        offset[i] = recordOffset;
        size++;
    }

    void removeOldest() {
        if (size == 0) {
            throw new IllegalStateException("buffer empty");
        }
        head = (head + 1) % capacity;
        size--;
    }

    long oldestTimeMillis() {
        return timeMillis[head];
    }

    void clear() {
        head = 0;
        size = 0;
    }

    /** A copy of the contents as a {@link WindowSample}, oldest first. */
    WindowSample snapshot(String window) {
        double[][] cols = new double[NUMERIC][size];
        double[] pred = new double[size];
        long[][] counts = new long[CATEGORICAL][];
        for (int c = 0; c < CATEGORICAL; c++) {
            counts[c] = new long[DiamondSchema.CATEGORICAL.get(c).categories().size()];
        }
        Map<Integer, long[]> offsets = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = 0; k < size; k++) {
            int i = (head + k) % capacity;
            for (int f = 0; f < NUMERIC; f++) {
                cols[f][k] = numeric[f][i];
            }
            pred[k] = prediction[i];
            for (int c = 0; c < CATEGORICAL; c++) {
                counts[c][category[c][i]]++;
            }
            first = Math.min(first, timeMillis[i]);
            last = Math.max(last, timeMillis[i]);
            long[] bounds = offsets.computeIfAbsent(partition[i], p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            bounds[0] = Math.min(bounds[0], offset[i]);
            bounds[1] = Math.max(bounds[1], offset[i]);
        }
        return new WindowSample(window, size, cols, pred, counts,
                size == 0 ? null : Instant.ofEpochMilli(first), size == 0 ? null : Instant.ofEpochMilli(last), offsets);
    }
}
