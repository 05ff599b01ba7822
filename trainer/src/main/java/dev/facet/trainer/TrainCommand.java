package dev.facet.trainer;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.CsvTables;
import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.SchemaException;
import dev.facet.contracts.schema.Task;
import dev.facet.forest.ModelBundle;
import dev.facet.forest.TribuoAgreement;
import dev.facet.trainer.data.JsonTables;
import dev.facet.trainer.data.SchemaInference;
import dev.facet.trainer.data.TableEncoder;
import dev.facet.trainer.data.TaskType;
import dev.facet.trainer.data.TrainingData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code train}: trains a random forest and writes a model bundle.
 * <ul>
 *   <li>With {@code --target}: any CSV or JSON file ({@code --data FILE}, JSON read by {@link JsonTables}), or
 *       {@code diamonds} / {@code penguins} for a committed data set, {@code --task regression|classification}, {@code --name}; the schema is inferred
 *       ({@link SchemaInference}) unless {@code --schema} gives one. The bundle goes to
 *       {@code <models>/<name>/<version>} unless {@code --out} says otherwise.</li>
 *   <li>Without: the default recipe, the diamond-price regressor on the committed diamonds data (or a diamonds
 *       CSV given by {@code --data}), written to {@code <models>/<version>} as before.</li>
 * </ul>
 * Bad input (a missing or constant target, a single label, a column the schema lists but the CSV lacks, ...)
 * is one line naming the file and the problem, and exit status 2.
 */
@Command(name = "train",
        description = "Train a random forest (regression or classification) on a CSV and write a model bundle. "
                + "Without --target: the diamond-price regressor on the committed diamonds data.")
public final class TrainCommand implements Callable<Integer> {

    /** A model name: it becomes a directory name and a URL path segment ({@code /models/{name}}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Spec
    CommandSpec spec;

    // not mixinStandardHelpOptions: its --version (print the tool's version) clashes with ours (the model's),
    // and picocli then dropped --help too
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--data", description = "CSV file, or JSON file (*.json: an array of flat objects, one per row), "
            + "plain or gzip; or a committed data set: diamonds, penguins. Without --target: a diamonds CSV instead "
            + "of the committed one")
    String data;

    @Option(names = "--target", description = "the column to learn")
    String target;

    @Option(names = "--task", description = "regression or classification (taken from --schema when given)")
    String task;

    @Option(names = "--schema", description = "schema.json to train with instead of inferring one from the data")
    Path schema;

    @Option(names = "--exclude", split = ",", description = "columns that are not features (comma-separated)")
    List<String> exclude = List.of();

    @Option(names = "--name", description = "model name (default without --target: " + ForestTrainer.DEFAULT_NAME + ")")
    String name;

    @Option(names = "--out", description = "bundle directory (default: <models>/<name>/<version>, "
            + "or <models>/<version> for the default recipe)")
    Path out;

    @Option(names = "--models", defaultValue = "models", description = "root of the model repository (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--version", defaultValue = "1", description = "model version (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--trees", description = "number of trees")
    Integer trees;

    @Option(names = "--max-depth", description = "maximum tree depth")
    Integer maxDepth;

    @Option(names = "--feature-fraction", description = "fraction of features tried per split, in (0, 1)")
    Float featureFraction;

    @Option(names = "--min-child-weight", description = "minimum rows per leaf")
    Float minChildWeight;

    @Option(names = "--seed", description = "seed of the split, bootstrap and feature subsampling")
    Long seed;

    @Option(names = "--small", description = "train the small, fast test forest instead of the default")
    boolean small;

    @Option(names = "--if-missing", description = "do nothing when the destination already holds a bundle (container start-up)")
    boolean ifMissing;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        try {
            ForestConfig config = config();
            if (target == null) {
                return trainDefault(config, log);
            }
            return trainGeneric(config, log);
        } catch (DataFormatException | SchemaException | BundleException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("train: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        } finally {
            log.flush();
        }
    }

    private ForestConfig config() {
        ForestConfig base = small ? ForestConfig.SMALL : ForestConfig.DEFAULT;
        return new ForestConfig(
                trees != null ? trees : base.trees(),
                maxDepth != null ? maxDepth : base.maxDepth(),
                featureFraction != null ? featureFraction : base.featureFraction(),
                minChildWeight != null ? minChildWeight : base.minChildWeight(),
                seed != null ? seed : base.seed(), base.heldOutFraction());
    }

    private int trainDefault(ForestConfig config, PrintWriter log) throws IOException {
        if (task != null || schema != null || !exclude.isEmpty()) {
            throw new IllegalArgumentException("--task, --schema and --exclude need --target (the column to learn)");
        }
        if (ifMissing && out == null && BundleMetadata.resolve(models).isPresent()) {
            log.println("train: " + BundleMetadata.resolve(models).get() + " exists; nothing to do");
            return 0;
        }
        String modelName = name != null ? name : ForestTrainer.DEFAULT_NAME;
        Path dir = out != null ? out : models.resolve(BundleMetadata.checkVersion(version));
        trainTo(dir, config, modelName, version, data == null ? null : Path.of(data));
        return 0;
    }

    private int trainGeneric(ForestConfig config, PrintWriter log) throws IOException {
        if (name == null) {
            throw new IllegalArgumentException("--name is required with --target (the model's name in the repository)");
        }
        if (data == null) {
            throw new IllegalArgumentException("--data is required with --target");
        }
        BundleMetadata.checkVersion(version);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name must match " + NAME.pattern()
                    + " (it becomes a directory of the model repository), got '" + name + "'");
        }
        Path dir = out != null ? out : models.resolve(name).resolve(version);
        if (ifMissing && out == null && BundleMetadata.resolve(models.resolve(name)).isPresent()) {
            log.println("train: " + BundleMetadata.resolve(models.resolve(name)).get() + " exists; nothing to do");
            return 0;
        }
        trainGeneric(dir, data, target, task == null ? null : TaskType.parse(task), schema,
                new LinkedHashSet<>(exclude), config, name, version, log);
        return 0;
    }

    /**
     * Trains a model of {@code target} on {@code data} (a file or a committed data set's name) and writes its
     * bundle to {@code dir}; the schema is read from {@code schemaFile}, or inferred when it is null (then
     * {@code task} is required). Returns what was trained.
     */
    public static TabularTrainer.Result trainGeneric(Path dir, String data, String target, TaskType task,
                                                     Path schemaFile, Set<String> exclude, ForestConfig config,
                                                     String name, String version, PrintWriter log)
            throws IOException {
        if (Files.exists(dir.resolve(BundleFiles.MANIFEST))) {
            throw new BundleException("refusing to overwrite the model bundle in " + dir + "; choose another version");
        }
        log.println("train: " + config);
        Optional<BundledData> bundled = Files.exists(Path.of(data)) ? Optional.empty() : BundledData.named(data);
        if (bundled.isEmpty() && !Files.isRegularFile(Path.of(data))) {
            throw new DataFormatException("no data file " + data + " (nor a committed data set of that name: "
                    + List.of(BundledData.values()).stream().map(BundledData::key).toList() + ")");
        }
        Table table = bundled.map(BundledData::table).orElseGet(() -> JsonTables.isJson(Path.of(data))
                ? JsonTables.read(Path.of(data)) : CsvTables.read(Path.of(data)));
        log.println("train: " + table.size() + " rows, columns " + table.columns() + " from " + table.source()
                + " (sha256 " + table.sha256() + ")");
        TrainingData.Origin origin = bundled
                .map(b -> new TrainingData.Origin(b.title(), b.origin(), b.licence(), table.sha256()))
                .orElseGet(() -> new TrainingData.Origin(Path.of(data).getFileName().toString(), data,
                        "not recorded (a user's file)", table.sha256()));
        ModelSchema modelSchema;
        String schemaSource;
        if (schemaFile != null) {
            modelSchema = ModelSchema.read(schemaFile);
            schemaSource = "--schema " + schemaFile;
            checkAgrees(modelSchema, target, task, exclude, schemaSource);
        } else {
            if (task == null) {
                throw new IllegalArgumentException("--task regression|classification is required without --schema");
            }
            modelSchema = SchemaInference.infer(table, target, task, exclude);
            schemaSource = "the inferred schema";
            log.println("train: inferred " + modelSchema.features().size() + " features " + modelSchema.names()
                    + describe(modelSchema.task()));
        }
        TrainingData encoded = TableEncoder.encode(table, modelSchema, schemaSource, origin);
        TabularTrainer.Result result = TabularTrainer.train(encoded, config, name, version,
                outputDescription(modelSchema.task()), m -> log.println("train: " + m));
        TribuoAgreement agreement = ModelBundle.write(dir, result.contents());
        log.printf(Locale.ROOT, "train: %s answers as Tribuo on all %d held-out rows (largest |difference| %.2g)%n",
                BundleFiles.FOREST, agreement.rows(), agreement.maxDifference());
        log.printf(Locale.ROOT, "train: wrote %s (%.1f MB), schema in %s%n", dir, size(dir) / 1e6,
                dir.resolve(BundleFiles.SCHEMA));
        log.flush();
        return result;
    }

    private static void checkAgrees(ModelSchema s, String target, TaskType task, Set<String> exclude, String source) {
        if (!s.task().target().equals(target)) {
            throw new IllegalArgumentException("--target " + target + " differs from the target '" + s.task().target()
                    + "' of " + source);
        }
        TaskType declared = s.isClassification() ? TaskType.CLASSIFICATION : TaskType.REGRESSION;
        if (task != null && task != declared) {
            throw new IllegalArgumentException("--task " + task + " differs from " + source + ", a " + declared);
        }
        if (!exclude.isEmpty()) {
            throw new IllegalArgumentException("--exclude applies to an inferred schema; with " + source
                    + " the features are the ones it lists");
        }
    }

    private static String describe(Task task) {
        return task instanceof Task.Classification c ? ", labels " + c.labels() : ", target " + task.target();
    }

    private static String outputDescription(Task task) {
        return task instanceof Task.Classification c
                ? "predicted " + c.target() + " (one of " + c.labels() + ") with the probability of each"
                : "predicted " + task.target();
    }

    /** The default recipe: trains the diamonds regressor and writes a bundle to {@code dir}; returns {@code dir}. */
    public static Path trainTo(Path dir, ForestConfig config, String name, String version, Path data)
            throws IOException {
        BundleMetadata.checkVersion(version);
        System.out.println("train: " + config);
        DiamondsCsv.Data rows = data == null ? DiamondsCsv.loadBundled() : DiamondsCsv.load(data);
        System.out.println("train: " + rows.rows().size() + " rows from " + rows.source() + " (sha256 " + rows.sha256() + ")");
        ForestTrainer.Result result = ForestTrainer.train(rows, config, name, version, m -> System.out.println("train: " + m));
        TribuoAgreement agreement = ModelBundle.write(dir, result.model(), result.stats(), result.card(),
                result.heldOut(), rows);
        System.out.printf(Locale.ROOT, "train: %s equals Tribuo on all %d held-out rows (largest |difference| %.2g USD)%n",
                BundleFiles.FOREST, agreement.rows(), agreement.maxDifference());
        System.out.printf(Locale.ROOT, "train: wrote %s (%.1f MB)%n", dir, size(dir) / 1e6);
        return dir;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
