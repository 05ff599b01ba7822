package dev.facet.drift.window;

import dev.facet.drift.stats.Reference;
import dev.facet.drift.stats.WindowSample;

import java.time.Duration;

/**
 * A sliding window of one model version's events of the last {@code span} of event time, ending at the newest event seen,
 * evaluated on a timer: the dashboard's "now". Event time rather than the wall clock, so a worker that lags or
 * replays still judges five minutes of traffic, not whatever arrived in the last five minutes.
 *
 * <p>Memory is bounded by {@code maxEvents}: above {@code maxEvents / span} events per second the window holds
 * the most recent {@code maxEvents} events (its reported bounds then cover less than the span). Events are
 * evicted in arrival order; with several partitions a slightly older event can stay until the events before it
 * leave, which shifts a boundary by at most the partitions' skew.
 */
public final class TimeWindow {

    public static final String NAME = "time";

    private final EventBuffer buffer;
    private final long spanMillis;
    private long newestMillis = Long.MIN_VALUE;
    private long changes;

    public TimeWindow(Duration span, int maxEvents, Reference reference) {
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("span must be positive, got " + span);
        }
        this.spanMillis = span.toMillis();
        this.buffer = Buffers.of(maxEvents, reference);
    }

    public void add(Row row, int partition, long offset) {
        if (buffer.isFull()) {
            buffer.removeOldest();
        }
        buffer.add(row, partition, offset);
        newestMillis = Math.max(newestMillis, row.timeMillis);
        while (buffer.size() > 0 && buffer.oldestTimeMillis() <= newestMillis - spanMillis) {
            buffer.removeOldest();
        }
        changes++;
    }

    public int size() {
        return buffer.size();
    }

    public int capacity() {
        return buffer.capacity();
    }

    /** Increases with every added event: an evaluation can be skipped when it has not moved. */
    public long changes() {
        return changes;
    }

    public WindowSample snapshot() {
        return buffer.snapshot(NAME);
    }
}
