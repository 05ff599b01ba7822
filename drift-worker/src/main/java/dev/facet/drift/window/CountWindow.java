package dev.facet.drift.window;

import dev.facet.drift.stats.Reference;
import dev.facet.drift.stats.WindowSample;

import java.util.Optional;

/**
 * A tumbling window of the next {@code size} events of one model version. Tumbling rather than sliding because
 * non-overlapping windows give independent verdicts: each window's false-alarm probability is the configured
 * bound, and "at most 1% of windows" means what it says; a sliding window would repeat one unlucky stretch in
 * many consecutive verdicts and cost an evaluation per event. The sliding view is the time window's job.
 */
public final class CountWindow {

    public static final String NAME = "count";

    private final EventBuffer buffer;

    public CountWindow(int size, Reference reference) {
        this.buffer = Buffers.of(size, reference);
    }

    /** Adds an event; returns the full window when this event closed it (the window then starts empty). */
    public Optional<WindowSample> add(Row row, int partition, long offset) {
        buffer.add(row, partition, offset);
        if (!buffer.isFull()) {
            return Optional.empty();
        }
        WindowSample sample = buffer.snapshot(NAME);
        buffer.clear();
        return Optional.of(sample);
    }

    public int size() {
        return buffer.size();
    }

    public int capacity() {
        return buffer.capacity();
    }

    /** The partial window, e.g. for a report at shutdown. */
    public WindowSample snapshot() {
        return buffer.snapshot(NAME);
    }
}
