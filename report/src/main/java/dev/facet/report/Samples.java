package dev.facet.report;

import dev.facet.drift.stats.Reference;
import dev.facet.drift.stats.WindowSample;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.Row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A segment's events of any length, kept in the drift-worker's own column buffers: a chain of {@link CountWindow}s
 * of {@value #CHUNK} events (the streaming window, used as a fixed-size chunk), joined into one
 * {@link WindowSample} at the end. The engine reads a sample as a multiset (it sorts copies, counts categories),
 * so joining chunks gives exactly the sample one buffer of the segment's length would have held.
 */
final class Samples {

    /** Events per chunk: a few hundred kilobytes of columns for a model of ten features. */
    static final int CHUNK = 10_000;

    private final Reference reference;
    private final int chunk;
    private final List<WindowSample> full = new ArrayList<>();
    private CountWindow open;
    private int size;

    Samples(Reference reference) {
        this(reference, CHUNK);
    }

    /** With chunks of {@code chunk} events (tests cross many chunk boundaries with a few events). */
    Samples(Reference reference, int chunk) {
        this.reference = reference;
        this.chunk = chunk;
    }

    void add(Row row, int partition, long offset) {
        if (open == null) {
            open = new CountWindow(chunk, reference);
        }
        open.add(row, partition, offset).ifPresent(full::add);
        size++;
    }

    int size() {
        return size;
    }

    /** Every event added, as one window called {@code window}. */
    WindowSample sample(String window) {
        List<WindowSample> parts = new ArrayList<>(full);
        if (open != null && open.size() > 0) {
            parts.add(open.snapshot());
        }
        return join(window, parts);
    }

    /** The samples' events as one sample: columns concatenated, counts summed, bounds widened. */
    static WindowSample join(String window, List<WindowSample> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to join");
        }
        WindowSample first = parts.get(0);
        int size = parts.stream().mapToInt(WindowSample::size).sum();
        double[][] numeric = new double[first.numeric().length][];
        for (int f = 0; f < numeric.length; f++) {
            int feature = f;
            numeric[f] = concat(parts.stream().map(p -> p.numeric()[feature]).toList(), size);
        }
        long[][] categories = new long[first.categories().length][];
        for (int c = 0; c < categories.length; c++) {
            int feature = c;
            categories[c] = sum(parts.stream().map(p -> p.categories()[feature]).toList());
        }
        long[] missing = sum(parts.stream().map(WindowSample::missing).toList());
        long[] unknown = sum(parts.stream().map(WindowSample::unknown).toList());
        double[] prediction = concat(parts.stream().map(WindowSample::prediction).toList(), size);
        long[] labels = first.labels() == null ? null : sum(parts.stream().map(WindowSample::labels).toList());
        Instant from = null;
        Instant to = null;
        Map<Integer, long[]> offsets = new TreeMap<>();
        for (WindowSample p : parts) {
            if (p.firstEventTime() != null && (from == null || p.firstEventTime().isBefore(from))) {
                from = p.firstEventTime();
            }
            if (p.lastEventTime() != null && (to == null || p.lastEventTime().isAfter(to))) {
                to = p.lastEventTime();
            }
            p.offsets().forEach((partition, range) -> offsets.merge(partition, range.clone(),
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
        }
        return new WindowSample(window, size, numeric, categories, missing, unknown, prediction, labels, from, to,
                offsets);
    }

    private static double[] concat(List<double[]> columns, int size) {
        double[] out = new double[size];
        int at = 0;
        for (double[] c : columns) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    private static long[] sum(List<long[]> counts) {
        long[] out = new long[counts.get(0).length];
        for (long[] c : counts) {
            for (int i = 0; i < out.length; i++) {
                out[i] += c[i];
            }
        }
        return out;
    }
}
