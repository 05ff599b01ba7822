package dev.facet.drift;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.forest.CompiledForest;
import dev.facet.trainer.testing.SmallPenguins;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Version 2 events of the shared small penguins classifier (the trainer test-jar's {@link SmallPenguins}): rows of
 * the committed penguins data, features named and typed by the bundle's own schema, labelled and scored by the
 * model as serving would. {@link #rows(Predicate)} picks a sub-population (one species, say) for drifted traffic.
 */
public final class PenguinTraffic {

    private static final class Holder {
        static final PenguinTraffic INSTANCE = new PenguinTraffic();
    }

    private final ModelSchema schema;
    private final CompiledForest forest;
    private final Table table;
    private final int[] columns;

    private PenguinTraffic() {
        BundleMetadata m = BundleMetadata.load(SmallPenguins.dir(), BundleMetadata.Checks.FILES_READ);
        schema = m.schema();
        forest = CompiledForest.compile(SmallPenguins.bundle().tribuoModel(), schema);
        table = BundledData.PENGUINS.table();
        columns = schema.features().stream().mapToInt(f -> table.indexOf(f.name())).toArray();
    }

    public static PenguinTraffic get() {
        return Holder.INSTANCE;
    }

    public ModelSchema schema() {
        return schema;
    }

    /** Indexes of the data rows whose target ({@code species}) passes {@code keep}. */
    public List<Integer> rows(Predicate<String> keep) {
        int target = table.indexOf(schema.task().target());
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            if (keep.test(table.cell(r, target))) {
                out.add(r);
            }
        }
        return out;
    }

    /** The event serving would publish for data row {@code row}, with an id from {@code random}. */
    public ModelPredictionEvent event(int row, Random random, Instant at) {
        double[] x = new double[schema.features().size()];
        Map<String, Object> features = new LinkedHashMap<>();
        for (int j = 0; j < x.length; j++) {
            Feature f = schema.features().get(j);
            String cell = columns[j] < 0 ? null : table.cell(row, columns[j]);
            if (cell == null) {
                x[j] = Double.NaN;
                features.put(f.name(), null);
            } else if (f.isNumeric()) {
                x[j] = Double.parseDouble(cell);
                features.put(f.name(), x[j]);
            } else {
                x[j] = f.ordinalOf(cell);
                features.put(f.name(), cell);
            }
        }
        double[] p = forest.predictProba(x);
        List<String> labels = ((Task.Classification) schema.task()).labels();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            probabilities.put(labels.get(c), p[c]);
        }
        return new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
                new UUID(random.nextLong(), random.nextLong()).toString(), at, SmallPenguins.NAME,
                SmallPenguins.VERSION, ModelPredictionEvent.CLASSIFICATION, features, null,
                labels.get(forest.label(p)), probabilities);
    }
}
