package dev.facet.trainer;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.forest.ModelBundle;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.forest.TribuoAgreement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code train}: trains the diamond-price forest on the committed data (or {@code --data FILE}) and writes a
 * model bundle to {@code --out} (default {@code models/<version>}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the diamond-price random forest and write a model bundle.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--out", description = "bundle directory (default: models/<version>)")
    Path out;

    @Option(names = "--models", defaultValue = "models", description = "root of versioned bundles (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--version", defaultValue = "1", description = "model version (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--name", defaultValue = ForestTrainer.DEFAULT_NAME, description = "model name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--data", description = "CSV (plain or gzip) instead of the committed diamonds data")
    Path data;

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

    @Option(names = "--if-missing", description = "do nothing when --models already holds a bundle (container start-up)")
    boolean ifMissing;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (ifMissing && out == null && BundleMetadata.resolve(models).isPresent()) {
            System.out.println("train: " + BundleMetadata.resolve(models).get() + " exists; nothing to do");
            return 0;
        }
        ForestConfig base = small ? ForestConfig.SMALL : ForestConfig.DEFAULT;
        ForestConfig config = new ForestConfig(
                trees != null ? trees : base.trees(),
                maxDepth != null ? maxDepth : base.maxDepth(),
                featureFraction != null ? featureFraction : base.featureFraction(),
                minChildWeight != null ? minChildWeight : base.minChildWeight(),
                seed != null ? seed : base.seed(), base.heldOutFraction());
        Path dir = out != null ? out : models.resolve(BundleMetadata.checkVersion(version));
        trainTo(dir, config, name, version, data);
        return 0;
    }

    /** Train and write a bundle to {@code dir}, printing progress; returns the written directory. */
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
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("train: wrote %s (%.1f MB)%n", dir, bytes / 1e6);
        return dir;
    }
}
