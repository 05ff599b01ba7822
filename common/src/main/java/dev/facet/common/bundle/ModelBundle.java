package dev.facet.common.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.common.json.Json;
import dev.facet.common.data.DiamondsCsv;
import dev.facet.common.forest.CompiledForest;
import dev.facet.common.forest.ForestExplainer;
import dev.facet.common.forest.ForestFile;
import dev.facet.common.forest.TribuoAgreement;
import dev.facet.common.schema.DiamondSchema;
import dev.facet.common.stats.TrainingStats;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A loaded and checked model bundle. Serving needs only {@link #loadMetadata} and {@link #loadForest}. {@link #load(Path)} verifies, in order: the directory and manifest exist,
 * the format version is one we read, every file is present with the checksum the manifest records, the model
 * deserializes as a Tribuo regression model over exactly the schema's features, and the statistics and card
 * parse with known versions. Any failure is a {@link BundleException} naming the file and the problem.
 *
 * <p>Loading takes seconds for a full forest: call it from a worker thread, never an event loop.
 */
public record ModelBundle(Path directory, BundleManifest manifest, Model<Regressor> model, TrainingStats stats,
                          ModelCard card, HeldOutRows heldOut) {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public String name() {
        return manifest.modelName();
    }

    public String version() {
        return manifest.modelVersion();
    }

    /** Checks a version string: letters, digits, dot, dash, underscore; it becomes a directory name. */
    public static String checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("model version must match " + VERSION.pattern() + ", got " + version);
        }
        return version;
    }

    /**
     * The bundle in {@code root} itself, or else the newest version sub-directory of {@code root} (numeric
     * versions compare as numbers, others as text). Empty when there is none.
     */
    public static java.util.Optional<Path> resolve(Path root) {
        if (Files.isRegularFile(root.resolve(BundleFiles.MANIFEST))) {
            return java.util.Optional.of(root);
        }
        if (!Files.isDirectory(root)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(BundleFiles.MANIFEST)))
                    .max(Comparator.comparing((Path p) -> p.getFileName().toString(), ModelBundle::compareVersions));
        } catch (IOException e) {
            throw new BundleException("cannot list model directory " + root + ": " + e.getMessage(), e);
        }
    }

    static int compareVersions(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        return an != bn ? (an ? -1 : 1) : a.compareTo(b);
    }

    /** Loads and checks the whole bundle, model included (seconds for a full forest). */
    public static ModelBundle load(Path dir) {
        Metadata m = loadMetadata(dir);
        return new ModelBundle(dir, m.manifest(), loadModel(dir.resolve(BundleFiles.MODEL)), m.stats(), m.card(),
                m.heldOut());
    }

    /** Which of a bundle's files {@link #loadMetadata(Path, Checks)} hashes against the manifest. */
    public enum Checks {
        /** Every file, the model included: the deployment gate (serving at start and on reload, the tools). */
        EVERY_FILE,
        /**
         * Only the JSON files it reads. For the monitors (drift worker, ground-truth), which never read the model:
         * hashing its 40 MB was a fifth of their cold metadata load (349-434 ms, 277-379 without, on an idle core).
         * {@link #loadForest} and {@link #load} still check what they read.
         */
        FILES_READ
    }

    /**
     * Everything but the model itself, for services that only compare traffic with the training statistics.
     *
     * @param modelFilesChecked whether the model files' checksums were checked ({@link Checks#EVERY_FILE})
     */
    public record Metadata(Path directory, BundleManifest manifest, TrainingStats stats, ModelCard card,
                           HeldOutRows heldOut, boolean modelFilesChecked) {
        public String name() {
            return manifest.modelName();
        }

        public String version() {
            return manifest.modelVersion();
        }
    }

    /** Checks every file's checksum and reads the JSON files, without deserializing the model (milliseconds). */
    public static Metadata loadMetadata(Path dir) {
        return loadMetadata(dir, Checks.EVERY_FILE);
    }

    /**
     * Checks that every listed file is present and has a checksum in the manifest, hashes the files {@code checks}
     * says, and reads the JSON files, without deserializing the model.
     */
    public static Metadata loadMetadata(Path dir, Checks checks) {
        if (!Files.isDirectory(dir)) {
            throw new BundleException("model bundle " + dir + " does not exist or is not a directory");
        }
        BundleManifest manifest = read(dir, BundleFiles.MANIFEST, BundleManifest.class);
        if (manifest.formatVersion() != BundleFiles.FORMAT_VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.MANIFEST) + ": format_version "
                    + manifest.formatVersion() + " is not supported; this loader reads " + BundleFiles.FORMAT_VERSION);
        }
        List<String> listed = new java.util.ArrayList<>(BundleFiles.CONTENT);
        BundleFiles.OPTIONAL.stream().filter(manifest.files()::containsKey).forEach(listed::add);
        boolean everyFile = checks == Checks.EVERY_FILE;
        for (String file : listed) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new BundleException("model bundle " + dir + " is incomplete: " + file + " is missing");
            }
            if (manifest.files().get(file) == null) {
                throw new BundleException(dir.resolve(BundleFiles.MANIFEST) + " lists no checksum for " + file);
            }
            if (everyFile || !(file.equals(BundleFiles.MODEL) || file.equals(BundleFiles.FOREST))) {
                verified(dir, manifest, file);
            }
        }
        TrainingStats stats = read(dir, BundleFiles.STATS, TrainingStats.class);
        if (stats.formatVersion() != TrainingStats.FORMAT_VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.STATS) + ": format_version " + stats.formatVersion()
                    + " is not supported; this loader reads " + TrainingStats.FORMAT_VERSION);
        }
        if (stats.schemaVersion() != DiamondSchema.VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.STATS) + ": feature schema version "
                    + stats.schemaVersion() + " differs from this code's " + DiamondSchema.VERSION);
        }
        ModelCard card = read(dir, BundleFiles.CARD, ModelCard.class);
        if (card.formatVersion() != ModelCard.FORMAT_VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.CARD) + ": format_version " + card.formatVersion()
                    + " is not supported; this loader reads " + ModelCard.FORMAT_VERSION);
        }
        HeldOutRows heldOut = read(dir, BundleFiles.HELD_OUT, HeldOutRows.class);
        return new Metadata(dir, manifest, stats, card, heldOut, everyFile);
    }

    /**
     * The forest serving evaluates, with its explainer's covers: read from {@code forest.bin} when the bundle has
     * one (milliseconds), else compiled from the Tribuo model (seconds) with covers counted over the bundled
     * training rows when they are the ones the model was trained on (otherwise without covers).
     */
    public static ForestFile.Contents loadForest(Metadata m) {
        if (m.manifest().files().containsKey(BundleFiles.FOREST)) {
            Path file = modelFile(m, BundleFiles.FOREST);
            try {
                return ForestFile.read(file);
            } catch (IOException e) {
                throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new BundleException(e.getMessage(), e);
            }
        }
        return derive(loadModel(modelFile(m, BundleFiles.MODEL)), m.heldOut());
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
                .flatMap(r -> java.util.Arrays.stream(r.getNames())).distinct().toList();
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
            sums.put(file, sha256(dir.resolve(file)));
        }
        sums.put(BundleFiles.FOREST, sha256(dir.resolve(BundleFiles.FOREST)));
        BundleManifest manifest = new BundleManifest(BundleFiles.FORMAT_VERSION, card.name(), card.version(),
                Instant.now().toString(), sums);
        Path tmp = dir.resolve(BundleFiles.MANIFEST + ".tmp");
        Json.PRETTY.writeValue(tmp.toFile(), manifest);
        Files.move(tmp, dir.resolve(BundleFiles.MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return agreement;
    }

    private static <T> T read(Path dir, String file, Class<T> type) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new BundleException("model bundle " + dir + " is incomplete: " + file + " is missing");
        }
        ObjectMapper mapper = Json.MAPPER;
        try {
            return mapper.readValue(p.toFile(), type);
        } catch (IOException e) {
            throw new BundleException(p + " cannot be read as " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** A model file of {@code m}'s bundle, checked now if {@link #loadMetadata} did not check it. */
    private static Path modelFile(Metadata m, String file) {
        return m.modelFilesChecked() ? m.directory().resolve(file) : verified(m.directory(), m.manifest(), file);
    }

    /** {@code file} of the bundle, once its SHA-256 is the one the manifest records (else a BundleException). */
    private static Path verified(Path dir, BundleManifest manifest, String file) {
        Path p = dir.resolve(file);
        String expected = manifest.files().get(file);
        String actual = sha256(p);
        if (!actual.equals(expected)) {
            throw new BundleException(p + " is corrupt: SHA-256 " + actual + " but the manifest records " + expected);
        }
        return p;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
