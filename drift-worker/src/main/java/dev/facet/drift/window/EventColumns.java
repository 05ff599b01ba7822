package dev.facet.drift.window;

import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.contracts.schema.Diamond;
import dev.facet.drift.stats.Reference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an event of either version into a {@link Row} in one model version's column order: the names come from
 * the reference (the bundle's schema), never from code. A version 1 event is read off its {@link Diamond}
 * directly, without the generic map view, so the diamonds' path costs what it did before models were data.
 */
public final class EventColumns {

    private final String[] numeric;
    private final String[] categorical;
    private final List<Map<String, Integer>> categoryIndex;
    private final Map<String, Integer> labelIndex;

    public EventColumns(Reference reference) {
        numeric = reference.numeric().stream().map(Reference.NumericColumn::name).toArray(String[]::new);
        categorical = reference.categorical().stream().map(Reference.CategoricalColumn::name).toArray(String[]::new);
        categoryIndex = reference.categorical().stream().map(c -> index(c.categories())).toList();
        labelIndex = reference.predictedLabel() == null ? null : index(reference.predictedLabel().categories());
    }

    private static Map<String, Integer> index(List<String> values) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(values.get(i), i);
        }
        return m;
    }

    public Row newRow() {
        return new Row(numeric.length, categorical.length);
    }

    /**
     * Fills {@code row} from {@code event}; false when the event does not fit this model version (a feature of
     * the wrong type, a task or label the schema does not have): the caller counts and skips it.
     */
    public boolean read(ServedPrediction event, Row row) {
        row.timeMillis = event.timestamp().toEpochMilli();
        if (event instanceof PredictionEvent v1) {
            return readV1(v1, row);
        }
        return readV2((ModelPredictionEvent) event, row);
    }

    private boolean readV1(PredictionEvent e, Row row) {
        if (labelIndex != null) {
            return false; // a version 1 event is a regression
        }
        Diamond d = e.features();
        try {
            for (int j = 0; j < numeric.length; j++) {
                row.numeric[j] = d.numeric(numeric[j]);
            }
            for (int j = 0; j < categorical.length; j++) {
                Integer c = categoryIndex.get(j).get(d.category(categorical[j]));
                row.category[j] = c == null ? Row.UNKNOWN : c;
            }
        } catch (IllegalArgumentException notADiamondFeature) {
            return false; // the bundle's schema is not the diamonds': this event cannot be its traffic
        }
        row.prediction = e.price();
        return true;
    }

    private boolean readV2(ModelPredictionEvent e, Row row) {
        Map<String, Object> features = e.features();
        for (int j = 0; j < numeric.length; j++) {
            Object v = features.get(numeric[j]);
            if (v == null) {
                row.numeric[j] = Double.NaN;
            } else if (v instanceof Double x) {
                row.numeric[j] = x;
            } else {
                return false;
            }
        }
        for (int j = 0; j < categorical.length; j++) {
            Object v = features.get(categorical[j]);
            if (v == null) {
                row.category[j] = Row.MISSING;
            } else if (v instanceof String s) {
                Integer c = categoryIndex.get(j).get(s);
                row.category[j] = c == null ? Row.UNKNOWN : c;
            } else {
                return false;
            }
        }
        if (labelIndex == null) {
            if (e.prediction() == null) {
                return false;
            }
            row.prediction = e.prediction();
            return true;
        }
        Integer label = e.label() == null ? null : labelIndex.get(e.label());
        if (label == null) {
            return false;
        }
        row.label = label;
        row.prediction = e.probabilities().get(e.label());
        return true;
    }
}
