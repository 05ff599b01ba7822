package dev.facet.drift.models;

import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;
import dev.facet.drift.window.TimeWindow;

import java.time.Duration;

/**
 * Everything the worker keeps for one version of one model: its reference and engine, the reader of its events'
 * columns, a scratch row, and its own count and time windows. Owned by the consumer's thread.
 */
public final class VersionMonitor {

    private final Reference reference;
    private final DriftEngine engine;
    private final EventColumns columns;
    private final Row row;
    private final CountWindow count;
    private final TimeWindow time;
    private long evaluatedChanges = -1;

    public VersionMonitor(Reference reference, DataDriftPolicy policy, int countWindow, Duration timeSpan,
                          int timeMaxEvents) {
        this.reference = reference;
        this.engine = new DriftEngine(reference, policy);
        this.columns = new EventColumns(reference);
        this.row = columns.newRow();
        this.count = new CountWindow(countWindow, reference);
        this.time = new TimeWindow(timeSpan, timeMaxEvents, reference);
    }

    public String name() {
        return reference.modelName();
    }

    public String version() {
        return reference.modelVersion();
    }

    public Reference reference() {
        return reference;
    }

    public DriftEngine engine() {
        return engine;
    }

    public EventColumns columns() {
        return columns;
    }

    /** The scratch row events are read into before they go to the windows. */
    public Row row() {
        return row;
    }

    public CountWindow count() {
        return count;
    }

    public TimeWindow time() {
        return time;
    }

    /** Whether the time window changed since {@link #timeEvaluated()} was last called. */
    public boolean timeChanged() {
        return time.size() > 0 && time.changes() != evaluatedChanges;
    }

    public void timeEvaluated() {
        evaluatedChanges = time.changes();
    }
}
