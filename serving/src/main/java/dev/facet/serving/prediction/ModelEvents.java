package dev.facet.serving.prediction;

import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.serving.inference.LoadedModel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The version 2 event of an {@link ModelAnswer}: features back by name (null where missing), the answer by task. */
public final class ModelEvents {

    private ModelEvents() {
    }

    static byte[] encode(LoadedModel m, Instant at, double[] x, ModelAnswer a) {
        ModelSchema schema = m.schema();
        Map<String, Object> features = new LinkedHashMap<>();
        List<Feature> fs = schema.features();
        for (int i = 0; i < fs.size(); i++) {
            features.put(fs.get(i).name(), value(fs.get(i), x[i]));
        }
        ModelPredictionEvent e;
        if (schema.task() instanceof Task.Classification c) {
            e = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, a.predictionId(), at, m.name(),
                    m.version(), ModelPredictionEvent.CLASSIFICATION, features, null, c.labels().get(a.label()),
                    probabilities(c, a.probabilities()));
        } else {
            e = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, a.predictionId(), at, m.name(),
                    m.version(), ModelPredictionEvent.REGRESSION, features, a.value(), null, null);
        }
        return EventCodec.encode(e);
    }

    /** A category back from its 1-based position; a missing value (NaN) as null. */
    static Object value(Feature f, double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        return f.isNumeric() ? (Object) v : f.categories().get((int) v - 1);
    }

    /** The probability of every label, by label, in the schema's order. */
    public static Map<String, Double> probabilities(Task.Classification c, double[] p) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < p.length; k++) {
            out.put(c.labels().get(k), p[k]);
        }
        return out;
    }
}
