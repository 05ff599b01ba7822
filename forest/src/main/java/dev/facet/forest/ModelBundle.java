package dev.facet.forest;

import dev.facet.contracts.json.Json;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleManifest;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.TrainingStats;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A loaded and checked model bundle: the Tribuo-reading half ({@link BundleMetadata} is the rest). Serving
 * needs only {@link BundleMetadata#load} and {@link #loadForest}. {@link #load(Path)} verifies, in order: the
 * directory and manifest exist, the format version is one we read, every file is present with the checksum the
 * manifest records, the schema, statistics and card parse with known versions, and the model deserializes as a
 * Tribuo model of the schema's task over exactly the schema's features (and, for a classifier, its labels). Any
 * failure is a {@link BundleException} naming the file and the problem.
 *
 * <p>Loading takes seconds for a full forest: call it from a worker thread, never an event loop.
 *
 * @param tribuoModel the Tribuo model, of {@code Regressor} or {@code Label} as {@code schema}'s task says; see
 *                    {@link #model()} and {@link #classifier()} for it typed
 */
public record ModelBundle(Path directory, BundleManifest manifest, ModelSchema schema, Model<?> tribuoModel,
                          TrainingStats stats, ModelCard card, HeldOutRows heldOut) {

    public String name() {
        return manifest.modelName();
    }

    public String version() {
        return manifest.modelVersion();
    }

    /** The regression model; an {@link IllegalStateException} for a classifier's bundle. */
    public Model<Regressor> model() {
        if (!tribuoModel.validate(Regressor.class)) {
            throw new IllegalStateException("the bundle in " + directory + " holds a classifier, not a regressor");
        }
        return tribuoModel.castModel(Regressor.class);
    }

    /** The classification model; an {@link IllegalStateException} for a regressor's bundle. */
    public Model<Label> classifier() {
        if (!tribuoModel.validate(Label.class)) {
            throw new IllegalStateException("the bundle in " + directory + " holds a regressor, not a classifier");
        }
        return tribuoModel.castModel(Label.class);
    }

    /** Loads and checks the whole bundle, model included (seconds for a full forest). */
    public static ModelBundle load(Path dir) {
        BundleMetadata m = BundleMetadata.load(dir);
        return new ModelBundle(dir, m.manifest(), m.schema(), loadModel(dir.resolve(BundleFiles.MODEL), m.schema()),
                m.stats(), m.card(), m.heldOut());
    }

    /**
     * The forest serving evaluates, with its explainer's covers: read from {@code forest.bin} when the bundle has
     * one (milliseconds), else compiled from the Tribuo model (seconds). Without {@code forest.bin}, covers are
     * counted over the bundled diamonds training rows when the bundle is a diamonds model trained on them, and
     * left out otherwise (no explainer).
     */
    public static ForestFile.Contents loadForest(BundleMetadata m) {
        if (m.manifest().files().containsKey(BundleFiles.FOREST)) {
            Path file = m.checkedFile(BundleFiles.FOREST);
            ForestFile.Contents contents;
            try {
                contents = ForestFile.read(file);
            } catch (IOException e) {
                throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new BundleException(e.getMessage(), e);
            }
            if (contents.forest().features() != m.schema().features().size()) {
                throw new BundleException(file + ": the compiled forest reads " + contents.forest().features()
                        + " features but the schema lists " + m.schema().features().size());
            }
            return contents;
        }
        Model<?> model = loadModel(m.checkedFile(BundleFiles.MODEL), m.schema());
        if (m.schema().equals(DiamondSchema.MODEL_SCHEMA)) {
            return derive(CompiledForest.compile(model, m.schema()), m.heldOut(), DiamondsCsv.loadBundled());
        }
        return new ForestFile.Contents(compile(model, m.schema(), m.directory().resolve(BundleFiles.MODEL)), null, 0);
    }

    /** Compiles a diamonds {@code model} and counts its covers over its training rows, if the bundled data is its data. */
    static ForestFile.Contents derive(Model<Regressor> model, HeldOutRows heldOut) {
        return derive(CompiledForest.compile(model), heldOut, DiamondsCsv.loadBundled());
    }

    /** {@code forest} with its covers over its training rows in {@code data}, if that is the data it was trained on. */
    private static ForestFile.Contents derive(CompiledForest forest, HeldOutRows heldOut, DiamondsCsv.Data data) {
        double[][] background;
        try {
            background = ForestExplainer.trainingRows(data, heldOut);
        } catch (IllegalArgumentException e) {
            return new ForestFile.Contents(forest, null, 0); // trained on other data: no explainer
        }
        return new ForestFile.Contents(forest, ForestExplainer.covers(forest, background), background.length);
    }

    private static CompiledForest compile(Model<?> model, ModelSchema schema, Path file) {
        try {
            return CompiledForest.compile(model, schema);
        } catch (IllegalArgumentException e) {
            throw new BundleException(file + " cannot be compiled: " + e.getMessage(), e);
        }
    }

    /** The diamonds regression model in {@code file}, checked against {@link DiamondSchema#MODEL_SCHEMA}. */
    static Model<Regressor> loadModel(Path file) {
        return loadModel(file, DiamondSchema.MODEL_SCHEMA).castModel(Regressor.class);
    }

    /**
     * The Tribuo model in {@code file}, checked against {@code schema}: a {@code Regressor} model predicting the
     * regression target, or a {@code Label} model whose labels are the classification's; in both cases over
     * exactly the schema's features. A mismatch is a {@link BundleException} naming the file and what differs.
     */
    static Model<?> loadModel(Path file, ModelSchema schema) {
        Model<?> raw;
        try {
            raw = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(file + " is not a readable Tribuo model: " + e.getMessage(), e);
        }
        check(raw, schema, file.toString());
        return raw;
    }

    /** Checks {@code model} against {@code schema}; {@code source} names the model in the {@link BundleException}. */
    static void check(Model<?> model, ModelSchema schema, String source) {
        Set<String> features = new LinkedHashSet<>();
        model.getFeatureIDMap().forEach(info -> features.add(info.getName()));
        Set<String> expected = new LinkedHashSet<>(schema.names());
        if (!features.equals(expected)) {
            Set<String> extra = new TreeSet<>(features);
            extra.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(features);
            throw new BundleException(source + ": the model's features differ from the schema's " + schema.names()
                    + (extra.isEmpty() ? "" : "; not in the schema: " + extra)
                    + (missing.isEmpty() ? "" : "; not in the model: " + missing));
        }
        if (schema.task() instanceof Task.Regression r) {
            if (!model.validate(Regressor.class)) {
                throw new BundleException(source + " is a Tribuo model but not a regression model, and the schema's"
                        + " task is regression of " + r.target());
            }
            List<String> outputs = model.castModel(Regressor.class).getOutputIDInfo().getDomain().stream()
                    .flatMap(o -> Arrays.stream(o.getNames())).distinct().toList();
            if (!outputs.equals(List.of(r.target()))) {
                throw new BundleException(source + ": model predicts " + outputs + ", expected [" + r.target() + "]");
            }
        } else if (schema.task() instanceof Task.Classification c) {
            if (!model.validate(Label.class)) {
                throw new BundleException(source + " is a Tribuo model but not a classification model, and the"
                        + " schema's task is classification of " + c.target());
            }
            List<String> labels = modelLabels(model.castModel(Label.class));
            if (!new TreeSet<>(labels).equals(new TreeSet<>(c.labels()))) {
                Set<String> extra = new TreeSet<>(labels);
                extra.removeAll(c.labels());
                Set<String> missing = new TreeSet<>(c.labels());
                missing.removeAll(labels);
                throw new BundleException(source + ": the model's labels " + labels + " differ from the schema's "
                        + c.labels() + (extra.isEmpty() ? "" : "; not in the schema: " + extra)
                        + (missing.isEmpty() ? "" : "; not in the model: " + missing));
            }
        }
    }

    /** The classifier's labels in its output order (Tribuo's label ids), the order its probabilities come in. */
    public static List<String> modelLabels(Model<Label> model) {
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
            labels.add(model.getOutputIDInfo().getOutput(id).getLabel());
        }
        return labels;
    }

    /** {@link #write(Path, Model, TrainingStats, ModelCard, HeldOutRows, DiamondsCsv.Data)} for a model trained on the bundled data. */
    public static TribuoAgreement write(Path dir, Model<Regressor> model, TrainingStats stats, ModelCard card,
                                        HeldOutRows heldOut) throws IOException {
        return write(dir, model, stats, card, heldOut, DiamondsCsv.loadBundled());
    }

    /**
     * {@link #write(Path, BundleContents)} for a diamonds model trained on {@code data} (the rows {@code heldOut}
     * indexes): refused when {@code data} is not the data the held-out rows index.
     */
    public static TribuoAgreement write(Path dir, Model<Regressor> model, TrainingStats stats, ModelCard card,
                                        HeldOutRows heldOut, DiamondsCsv.Data data) throws IOException {
        refuseExisting(dir);
        if (!data.sha256().equals(heldOut.dataSha256())) {
            throw new BundleException("refusing to write " + dir + ": the held-out rows index data with SHA-256 "
                    + heldOut.dataSha256() + " but the rows given (" + data.source() + ") have " + data.sha256()
                    + ", so the compiled forest cannot be checked against the model");
        }
        double[][] rows = new double[data.rows().size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.rows().get(i).diamond().toVector();
        }
        return write(dir, new BundleContents(model, DiamondSchema.MODEL_SCHEMA, stats, card, heldOut, rows));
    }

    /**
     * Writes a bundle into {@code dir} (created; must not already hold one): the model, {@code schema.json}, the
     * statistics, card and held-out rows, the compiled forest with its covers over the training rows, and last
     * the manifest with their checksums, so a half-written bundle never has a manifest.
     *
     * <p>Before anything is written the model is checked against the schema, the forest is compiled and compared
     * with the model on every held-out row (a regressor's output, or a classifier's probability of every class):
     * a forest that answers any of them more than {@link TribuoAgreement#TOLERANCE} away from Tribuo is refused,
     * and so is a bundle whose held-out rows are not rows of {@code c.rows()}. Returns that comparison, for the
     * trainer to report.
     */
    public static TribuoAgreement write(Path dir, BundleContents c) throws IOException {
        refuseExisting(dir);
        ModelSchema schema = c.schema();
        check(c.model(), schema, "the model to write to " + dir);
        int width = schema.features().size();
        for (int r = 0; r < c.rows().length; r++) {
            if (c.rows()[r].length != width) {
                throw new BundleException("refusing to write " + dir + ": data row " + r + " has "
                        + c.rows()[r].length + " values; the schema lists " + width + " features");
            }
        }
        int[] held = c.heldOut().rows();
        boolean[] isHeld = new boolean[c.rows().length];
        double[][] heldRows = new double[held.length][];
        for (int i = 0; i < held.length; i++) {
            if (held[i] < 0 || held[i] >= c.rows().length) {
                throw new BundleException("refusing to write " + dir + ": held-out row " + held[i] + " is not one of"
                        + " the " + c.rows().length + " data rows given, so the compiled forest cannot be checked"
                        + " against the model");
            }
            isHeld[held[i]] = true;
            heldRows[i] = c.rows()[held[i]];
        }
        double[][] training = new double[c.rows().length - countTrue(isHeld)][];
        for (int r = 0, i = 0; r < isHeld.length; r++) {
            if (!isHeld[r]) {
                training[i++] = c.rows()[r];
            }
        }
        if (training.length == 0) {
            throw new BundleException("refusing to write " + dir + ": every data row is held out, so there are no"
                    + " training rows to count the explainer's covers over");
        }
        CompiledForest compiled = compile(c.model(), schema, dir.resolve(BundleFiles.MODEL));
        TribuoAgreement agreement = TribuoAgreement.measure(compiled, c.model(), schema, heldRows);
        if (!agreement.agrees()) {
            throw new BundleException("refusing to write " + dir + ": the compiled forest (" + BundleFiles.FOREST
                    + ") does not answer as the Tribuo model; " + agreement.describe("held-out data row "
                    + held[agreement.worstRow()]));
        }
        Files.createDirectories(dir);
        c.model().serializeToFile(dir.resolve(BundleFiles.MODEL));
        schema.write(dir.resolve(BundleFiles.SCHEMA));
        Json.PRETTY.writeValue(dir.resolve(BundleFiles.STATS).toFile(), c.stats());
        Json.PRETTY.writeValue(dir.resolve(BundleFiles.CARD).toFile(), c.card());
        Json.MAPPER.writeValue(dir.resolve(BundleFiles.HELD_OUT).toFile(), c.heldOut());
        ForestFile.write(dir.resolve(BundleFiles.FOREST), compiled, ForestExplainer.covers(compiled, training),
                training.length);
        Map<String, String> sums = new LinkedHashMap<>();
        for (String file : BundleFiles.CONTENT) {
            sums.put(file, BundleMetadata.sha256(dir.resolve(file)));
        }
        for (String file : BundleFiles.OPTIONAL) {
            sums.put(file, BundleMetadata.sha256(dir.resolve(file)));
        }
        BundleManifest manifest = new BundleManifest(BundleFiles.FORMAT_VERSION, c.card().name(), c.card().version(),
                Instant.now().toString(), sums);
        Path tmp = dir.resolve(BundleFiles.MANIFEST + ".tmp");
        Json.PRETTY.writeValue(tmp.toFile(), manifest);
        Files.move(tmp, dir.resolve(BundleFiles.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        return agreement;
    }

    private static void refuseExisting(Path dir) {
        if (Files.exists(dir.resolve(BundleFiles.MANIFEST))) {
            throw new BundleException("refusing to overwrite the model bundle in " + dir + "; choose another version");
        }
    }

    private static int countTrue(boolean[] a) {
        int n = 0;
        for (boolean b : a) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
