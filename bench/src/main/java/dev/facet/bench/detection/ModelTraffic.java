package dev.facet.bench.detection;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ModelBundle;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Mode;
import dev.facet.simulator.scenario.PlannedRequest;
import dev.facet.simulator.scenario.Row;
import dev.facet.simulator.scenario.Scenario;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A model's traffic: the simulator's scenarios (clean replay of the held-out rows, or a drifted one) turned into
 * the events serving would publish. Each row is encoded as serving encodes a request (a number as it is, a
 * category as its 1-based position in the schema, a missing value as NaN), answered by the bundle's compiled
 * forest (the one serving evaluates), written with {@link EventCodec} and read back with
 * {@link EventCodec#decodeServedPrediction}, as a monitor reads it off the topic.
 */
public final class ModelTraffic implements Traffic<Served> {

    /** All events carry one timestamp: the monitors' windows are counted in events, and ground-truth's clock is the bench's. */
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private final BundleMetadata meta;
    private final CompiledForest forest;
    private final Scenario clean;
    private final Scenario drifted;
    private final double strength;
    private final int windowSize;

    private ModelTraffic(BundleMetadata meta, CompiledForest forest, Scenario clean, Scenario drifted, double strength,
                         int windowSize) {
        this.meta = meta;
        this.forest = forest;
        this.clean = clean;
        this.drifted = drifted;
        this.strength = strength;
        this.windowSize = windowSize;
    }

    /** The model of bundle {@code dir}, its forest and its held-out rows (from the committed data set it was trained on). */
    public static Model load(Path dir) {
        BundleMetadata meta = BundleMetadata.load(dir);
        String sha = meta.heldOut().dataSha256();
        BundledData data = Arrays.stream(BundledData.values()).filter(d -> d.sha256().equals(sha)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dir + ": its held-out rows are rows of a file with"
                        + " SHA-256 " + sha + ", not of a committed data set"));
        Table table = data.table();
        HeldOut rows = HeldOut.fromTable(meta.schema(), table, meta.heldOut().rows());
        HeldOut every = HeldOut.fromTable(meta.schema(), table, IntStream.range(0, table.size()).toArray());
        return new Model(meta, ModelBundle.loadForest(meta).forest(), rows, every);
    }

    /**
     * A loaded model: what every scenario's traffic of it shares.
     *
     * @param rows     the held-out rows, never seen in training: the clean traffic and what scenarios draw from
     * @param everyRow every row of the data set, the training rows included: the population the drift-worker's
     *                 reference describes, for a false-alarm rate that does not depend on which rows were held out
     */
    public record Model(BundleMetadata meta, CompiledForest forest, HeldOut rows, HeldOut everyRow) {

        /**
         * Clean traffic from {@code source} ({@link #rows} or {@link #everyRow}), and {@code drifted} (a scenario
         * over the same rows, in {@link Mode#GRADUAL} mode) at {@code strength} in (0, 1] once the drift started.
         */
        public ModelTraffic traffic(HeldOut source, Scenario drifted, double strength, int windowSize) {
            return new ModelTraffic(meta, forest, Scenario.replay(source), drifted, strength, windowSize);
        }
    }

    @Override
    public List<Served> window(boolean isDrifted, SplittableRandom random) {
        Scenario s = isDrifted ? drifted : clean;
        List<Served> out = new ArrayList<>(windowSize);
        for (int i = 0; i < windowSize; i++) {
            // a gradual scenario's strength is the run's progress: held at the strength wanted (clean: ignored)
            PlannedRequest r = s.next(strength, random);
            out.add(serve(r.row(), r.actual(), random));
        }
        return out;
    }

    private Served serve(Row row, Object actual, SplittableRandom random) {
        ModelSchema schema = meta.schema();
        List<Feature> fs = schema.features();
        double[] x = new double[fs.size()];
        Map<String, Object> features = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            Feature f = fs.get(i);
            Object v = row.value(i);
            features.put(f.name(), v);
            x[i] = v == null ? Double.NaN : f.isNumeric() ? (Double) v : category(f, (String) v);
        }
        String id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        ModelPredictionEvent e;
        if (schema.task() instanceof Task.Classification c) {
            double[] p = forest.predictProba(x);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int k = 0; k < p.length; k++) {
                probabilities.put(c.labels().get(k), p[k]);
            }
            e = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, id, AT, meta.name(), meta.version(),
                    ModelPredictionEvent.CLASSIFICATION, features, null, c.labels().get(forest.label(p)), probabilities);
        } else {
            e = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, id, AT, meta.name(), meta.version(),
                    ModelPredictionEvent.REGRESSION, features, forest.predict(x), null, null);
        }
        try {
            var read = EventCodec.decodeServedPrediction(EventCodec.encode(e));
            return new Served(read, ModelPredictionEvent.of(read), actual);
        } catch (EventFormatException bad) {
            throw new IllegalStateException("an event serving would publish does not read back: " + bad.getMessage(), bad);
        }
    }

    private static double category(Feature f, String value) {
        int i = f.categories().indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException(f.name() + ": \"" + value + "\" is not one of " + f.categories());
        }
        return i + 1;
    }
}
