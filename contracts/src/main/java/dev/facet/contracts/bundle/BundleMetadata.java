package dev.facet.contracts.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.SchemaException;
import dev.facet.contracts.stats.TrainingStats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything in a model bundle but the model itself: the manifest, the schema, training statistics, model card and
 * held-out rows, each checked against the manifest's checksums. The monitors compare traffic with these and never read the
 * model, so this half of the bundle lives with the contracts and needs neither Tribuo nor the compiled forest
 * ({@code dev.facet.forest.ModelBundle} is the other half).
 *
 * @param schema            what the model takes and answers: {@code schema.json}, or for a bundle written before
 *                          bundles carried one, the diamonds model's {@link DiamondSchema#MODEL_SCHEMA}
 * @param modelFilesChecked whether the model files' checksums were checked ({@link Checks#EVERY_FILE})
 */
public record BundleMetadata(Path directory, BundleManifest manifest, ModelSchema schema, TrainingStats stats,
                             ModelCard card,
                             HeldOutRows heldOut, boolean modelFilesChecked) {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Which of a bundle's files {@link #load(Path, Checks)} hashes against the manifest. */
    public enum Checks {
        /** Every file, the model included: the deployment gate (serving at start and on reload, the tools). */
        EVERY_FILE,
        /**
         * Only the JSON files it reads. For the monitors, which never read the model: hashing it would be most of
         * their cold metadata load (BENCHMARKS.md). Whoever reads a model file later checks it then.
         */
        FILES_READ
    }

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
    public static Optional<Path> resolve(Path root) {
        if (Files.isRegularFile(root.resolve(BundleFiles.MANIFEST))) {
            return Optional.of(root);
        }
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(BundleFiles.MANIFEST)))
                    .max(Comparator.comparing((Path p) -> p.getFileName().toString(), BundleMetadata::compareVersions));
        } catch (IOException e) {
            throw new BundleException("cannot list model directory " + root + ": " + e.getMessage(), e);
        }
    }

    static int compareVersions(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return an != bn ? (an ? -1 : 1) : a.compareTo(b);
    }

    /** Checks every file's checksum and reads the JSON files, without deserializing the model (milliseconds). */
    public static BundleMetadata load(Path dir) {
        return load(dir, Checks.EVERY_FILE);
    }

    /**
     * Checks that every listed file is present and has a checksum in the manifest, hashes the files {@code checks}
     * says, and reads the JSON files, without deserializing the model.
     */
    public static BundleMetadata load(Path dir, Checks checks) {
        if (!Files.isDirectory(dir)) {
            throw new BundleException("model bundle " + dir + " does not exist or is not a directory");
        }
        BundleManifest manifest = read(dir, BundleFiles.MANIFEST, BundleManifest.class);
        if (manifest.formatVersion() != BundleFiles.FORMAT_VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.MANIFEST) + ": format_version "
                    + manifest.formatVersion() + " is not supported; this loader reads " + BundleFiles.FORMAT_VERSION);
        }
        List<String> listed = new ArrayList<>(BundleFiles.CONTENT);
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
        ModelSchema schema = declaredSchema(dir, manifest);
        // A bundle without schema.json is a diamonds bundle from before schemas were files: its statistics then
        // name the version of the schema in code, which must still be this code's.
        if (!manifest.files().containsKey(BundleFiles.SCHEMA) && stats.schemaVersion() != DiamondSchema.VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.STATS) + ": feature schema version "
                    + stats.schemaVersion() + " differs from this code's " + DiamondSchema.VERSION);
        }
        ModelCard card = read(dir, BundleFiles.CARD, ModelCard.class);
        if (card.formatVersion() != ModelCard.FORMAT_VERSION) {
            throw new BundleException(dir.resolve(BundleFiles.CARD) + ": format_version " + card.formatVersion()
                    + " is not supported; this loader reads " + ModelCard.FORMAT_VERSION);
        }
        HeldOutRows heldOut = read(dir, BundleFiles.HELD_OUT, HeldOutRows.class);
        return new BundleMetadata(dir, manifest, schema, stats, card,
                heldOut, everyFile);
    }

    /** One of this bundle's files, checked now against the manifest if {@link #load} did not check it. */
    public Path checkedFile(String file) {
        return modelFilesChecked ? directory.resolve(file) : verified(directory, manifest, file);
    }

    /**
     * The schema a bundle declares: its {@code schema.json}, or the diamonds schema for a bundle written before
     * schemas were files. Reads that one file at most, for callers that need no statistics (the reports).
     */
    public static ModelSchema declaredSchema(Path dir, BundleManifest manifest) {
        return manifest.files().containsKey(BundleFiles.SCHEMA) ? readSchema(dir) : DiamondSchema.MODEL_SCHEMA;
    }

    private static ModelSchema readSchema(Path dir) {
        try {
            return ModelSchema.read(dir.resolve(BundleFiles.SCHEMA));
        } catch (SchemaException e) {
            throw new BundleException(e.getMessage(), e); // the message names the file and the field
        }
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

    /** The hex SHA-256 of a file, as the manifest records it. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
