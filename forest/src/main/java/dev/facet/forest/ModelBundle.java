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
import dev.facet.contracts.stats.TrainingStats;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A loaded and checked model bundle: the Tribuo-reading half ({@link BundleMetadata} is the rest). Serving
 * needs only {@link BundleMetadata#load} and {@link #loadForest}. {@link #load(Path)} verifies, in order: the
 * directory and manifest exist,
 * the format version is one we read, every file is present with the checksum the manifest records, the model
 * deserializes as a Tribuo regression model over exactly the schema's features, and the statistics and card
 * parse with known versions. Any failure is a {@link BundleException} naming the file and the problem.
 *
 * <p>Loading takes seconds for a full forest: call it from a worker thread, never an event loop.
 */
public record ModelBundle(Path directory, BundleManifest manifest, Model<Regressor> model, TrainingStats stats,
                          ModelCard card, HeldOutRows heldOut) {

    public String name() {
        return manifest.modelName();
    }

    public String version() {
        return manifest.modelVersion();
    }

    /** Loads and checks the whole bundle, model included (seconds for a full forest). */
    public static ModelBundle load(Path dir) {
        BundleMetadata m = BundleMetadata.load(dir);
        return new ModelBundle(dir, m.manifest(), loadModel(dir.resolve(BundleFiles.MODEL)), m.stats(), m.card(),
                m.heldOut());
    }

    /**
     * The forest serving evaluates, with its explainer's covers: read from {@code forest.bin} when the bundle has
     * one (milliseconds), else compiled from the Tribuo model (seconds) with covers counted over the bundled
     * training rows when they are the ones the model was trained on (otherwise without covers).
     */
    public static ForestFile.Contents loadForest(BundleMetadata m) {
        if (m.manifest().files().containsKey(BundleFiles.FOREST)) {
            Path file = m.checkedFile(BundleFiles.FOREST);
            try {
                return ForestFile.read(file);
            } catch (IOException e) {
                throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new BundleException(e.getMessage(), e);
            }
        }
        return derive(loadModel(m.checkedFile(BundleFiles.MODEL)), m.heldOut());
    }

    /** Compiles {@code model} and counts its covers over its training rows, if the bundled data is its data. */
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

    static Model<Regressor> loadModel(Path file) {
        Model<?> raw;
        try {
            raw = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(file + " is not a readable Tribuo model: " + e.getMessage(), e);
        }
        if (!raw.validate(Regressor.class)) {
            throw new BundleException(file + " is a Tribuo model but not a regression model");
        }
        Model<Regressor> model = raw.castModel(Regressor.class);
        Set<String> features = new TreeSet<>();
        model.getFeatureIDMap().forEach(info -> features.add(info.getName()));
        Set<String> expected = new TreeSet<>(DiamondSchema.names());
        if (!features.equals(expected)) {
            throw new BundleException(file + ": model features " + features + " differ from the schema's " + expected);
        }
        List<String> outputs = model.getOutputIDInfo().getDomain().stream()
                .flatMap(r -> Arrays.stream(r.getNames())).distinct().toList();
        if (!outputs.equals(List.of(DiamondSchema.TARGET))) {
            throw new BundleException(file + ": model predicts " + outputs + ", expected [" + DiamondSchema.TARGET + "]");
        }
        return model;
    }

    /** {@link #write(Path, Model, TrainingStats, ModelCard, HeldOutRows, DiamondsCsv.Data)} for a model trained on the bundled data. */
    public static TribuoAgreement write(Path dir, Model<Regressor> model, TrainingStats stats, ModelCard card,
                                        HeldOutRows heldOut) throws IOException {
        return write(dir, model, stats, card, heldOut, DiamondsCsv.loadBundled());
    }

    /**
     * Writes a bundle into {@code dir} (created; must not already hold one): the model, the three JSON files, the
     * compiled forest, and last the manifest with their checksums, so a half-written bundle never has a manifest.
     *
     * <p>Before anything is written the forest is compiled and compared with {@code model} on every held-out row
     * of {@code data} (the rows {@code heldOut} indexes, so {@code data} must be what the model was trained on):
     * a forest that prices any of them more than {@link TribuoAgreement#TOLERANCE} away from Tribuo is refused,
     * and so is a bundle whose held-out rows cannot be found. Returns that comparison, for the trainer to report.
     */
    public static TribuoAgreement write(Path dir, Model<Regressor> model, TrainingStats stats, ModelCard card,
                                        HeldOutRows heldOut, DiamondsCsv.Data data) throws IOException {
        if (Files.exists(dir.resolve(BundleFiles.MANIFEST))) {
            throw new BundleException("refusing to overwrite the model bundle in " + dir + "; choose another version");
        }
        if (!data.sha256().equals(heldOut.dataSha256())) {
            throw new BundleException("refusing to write " + dir + ": the held-out rows index data with SHA-256 "
                    + heldOut.dataSha256() + " but the rows given (" + data.source() + ") have " + data.sha256()
                    + ", so the compiled forest cannot be checked against the model");
        }
        CompiledForest compiled = CompiledForest.compile(model);
        int[] held = heldOut.rows();
        double[][] rows = new double[held.length][];
        for (int i = 0; i < held.length; i++) {
            rows[i] = data.rows().get(held[i]).diamond().toVector();
        }
        TribuoAgreement agreement = TribuoAgreement.measure(compiled, model, rows);
        if (!agreement.agrees()) {
            throw new BundleException("refusing to write " + dir + ": the compiled forest (" + BundleFiles.FOREST
                    + ") does not price as the Tribuo model; " + agreement.describe("held-out data row "
                    + held[agreement.worstRow()]));
        }
        Files.createDirectories(dir);
        model.serializeToFile(dir.resolve(BundleFiles.MODEL));
        Json.PRETTY.writeValue(dir.resolve(BundleFiles.STATS).toFile(), stats);
        Json.PRETTY.writeValue(dir.resolve(BundleFiles.CARD).toFile(), card);
        Json.MAPPER.writeValue(dir.resolve(BundleFiles.HELD_OUT).toFile(), heldOut);
        ForestFile.Contents forest = derive(compiled, heldOut, data);
        ForestFile.write(dir.resolve(BundleFiles.FOREST), forest.forest(), forest.covers(), forest.backgroundSize());
        Map<String, String> sums = new LinkedHashMap<>();
        for (String file : BundleFiles.CONTENT) {
            sums.put(file, BundleMetadata.sha256(dir.resolve(file)));
        }
        sums.put(BundleFiles.FOREST, BundleMetadata.sha256(dir.resolve(BundleFiles.FOREST)));
        BundleManifest manifest = new BundleManifest(BundleFiles.FORMAT_VERSION, card.name(), card.version(),
                Instant.now().toString(), sums);
        Path tmp = dir.resolve(BundleFiles.MANIFEST + ".tmp");
        Json.PRETTY.writeValue(tmp.toFile(), manifest);
        Files.move(tmp, dir.resolve(BundleFiles.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        return agreement;
    }
}
