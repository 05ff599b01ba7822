package dev.facet.serving.prediction;

import dev.facet.contracts.schema.Diamond;
import dev.facet.serving.inference.LoadedModel;

import java.util.List;

/** Sees every batch of rows the service predicted, before their events are published (the metrics do). */
public interface ServedRows {

    /** Diamonds of the typed path: {@code predicted[i]} is {@code m}'s price of {@code rows.get(i)}. */
    void served(LoadedModel m, Endpoint endpoint, List<Diamond> rows, double[] predicted);

    /** Rows of a model that is data (vectors in schema order): {@code answers.get(i)} is {@code m}'s answer to row i. */
    void answered(LoadedModel m, Endpoint endpoint, List<double[]> rows, List<ModelAnswer> answers);
}
