package dev.facet.drift.window;

import dev.facet.drift.stats.WindowSample;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ring buffer of the drift-relevant parts of one model version's events: numeric features (NaN when missing),
 * category indexes, the prediction (or top-class probability), the label, event time, partition and offset, in
 * primitive arrays (no object per event). Capacity is fixed at construction, so memory is bounded whatever the
 * traffic (bytes per event: the module README's configuration table).
 */
final class EventBuffer {

    private final int capacity;
    private final int labels;
    private final int[] categoryCounts;
    private final double[][] numeric;
    private final int[][] category;
    private final double[] prediction;
    private final int[] label;
    private final long[] timeMillis;
    private final int[] partition;
    private final long[] offset;
    private int head;
    private int size;

    /**
     * @param categoryCounts per categorical feature, its number of schema categories
     * @param labels         a classifier's number of labels, 0 for a regressor
     */
    EventBuffer(int capacity, int numericFeatures, int[] categoryCounts, int labels) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.labels = labels;
        this.categoryCounts = categoryCounts.clone();
        numeric = new double[numericFeatures][capacity];
        category = new int[categoryCounts.length][capacity];
        prediction = new double[capacity];
        label = labels > 0 ? new int[capacity] : null;
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
    void add(Row r, int partitionId, long recordOffset) {
        if (isFull()) {
            throw new IllegalStateException("buffer full");
        }
        int i = (head + size) % capacity;
        for (int f = 0; f < numeric.length; f++) {
            numeric[f][i] = r.numeric[f];
        }
        for (int c = 0; c < category.length; c++) {
            category[c][i] = r.category[c];
        }
        prediction[i] = r.prediction;
        if (label != null) {
            label[i] = r.label;
        }
        timeMillis[i] = r.timeMillis;
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
        double[][] cols = new double[numeric.length][size];
        double[] pred = new double[size];
        long[][] counts = new long[category.length][];
        for (int c = 0; c < category.length; c++) {
            counts[c] = new long[categoryCounts[c]];
        }
        long[] missing = new long[category.length];
        long[] unknown = new long[category.length];
        long[] labelCounts = label == null ? null : new long[labels];
        Map<Integer, long[]> offsets = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = 0; k < size; k++) {
            int i = (head + k) % capacity;
            for (int f = 0; f < numeric.length; f++) {
                cols[f][k] = numeric[f][i];
            }
            pred[k] = prediction[i];
            for (int c = 0; c < category.length; c++) {
                int v = category[c][i];
                if (v >= 0) {
                    counts[c][v]++;
                } else if (v == Row.MISSING) {
                    missing[c]++;
                } else {
                    unknown[c]++;
                }
            }
            if (labelCounts != null) {
                labelCounts[label[i]]++;
            }
            first = Math.min(first, timeMillis[i]);
            last = Math.max(last, timeMillis[i]);
            long[] bounds = offsets.computeIfAbsent(partition[i], p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            bounds[0] = Math.min(bounds[0], offset[i]);
            bounds[1] = Math.max(bounds[1], offset[i]);
        }
        return new WindowSample(window, size, cols, counts, missing, unknown, pred, labelCounts,
                size == 0 ? null : Instant.ofEpochMilli(first), size == 0 ? null : Instant.ofEpochMilli(last), offsets);
    }
}
