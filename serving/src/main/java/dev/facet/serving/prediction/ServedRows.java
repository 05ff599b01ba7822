package dev.facet.serving.prediction;

import dev.facet.contracts.schema.Diamond;

import java.util.List;

/** Sees every batch of rows the service predicted, before their events are published (the metrics do). */
@FunctionalInterface
public interface ServedRows {

    /** {@code predicted[i]} is the prediction of {@code rows.get(i)}; called from event loops and workers. */
    void served(Endpoint endpoint, List<Diamond> rows, double[] predicted);
}
