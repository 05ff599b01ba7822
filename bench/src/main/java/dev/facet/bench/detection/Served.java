package dev.facet.bench.detection;

import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.ServedPrediction;

/**
 * One prediction as the monitors would get it: the event read back from the bytes serving would publish, its
 * generic view (what ground-truth joins), and the actual the simulator would post as feedback.
 *
 * @param actual a Double or a label; null when nobody knows it (a row a scaling synthesized)
 */
public record Served(ServedPrediction event, ModelPredictionEvent generic, Object actual) {
}
