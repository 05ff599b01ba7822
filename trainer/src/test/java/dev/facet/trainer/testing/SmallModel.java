package dev.facet.trainer.testing;

import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ModelBundle;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one trained model that every module's tests share (this module's test-jar): a real Tribuo random forest
 * ({@link ForestConfig#SMALL}) trained on the shipped diamonds, written as a real bundle into a temporary models
 * root as version {@value #VERSION}. Real, so that tests exercise the bundle serving and the monitors read; small
 * and trained once per test JVM, so that a module pays for it once. Everything is made on first use.
 */
public final class SmallModel {

    public static final String NAME = "diamond-price-rf";
    public static final String VERSION = "1";

    private SmallModel() {
    }

    /** The models root (what {@code model.dir} names): it holds this model as version {@value #VERSION}. */
    public static Path root() {
        return Trained.ROOT;
    }

    /** The bundle's own folder, {@code root()/1}. */
    public static Path dir() {
        return root().resolve(VERSION);
    }

    /** The bundle read back from disk, Tribuo model included: the independent oracle for prices. */
    public static ModelBundle bundle() {
        return Loaded.BUNDLE;
    }

    /** The model compiled as serving evaluates it. */
    public static CompiledForest forest() {
        return Compiled.FOREST;
    }

    public static TrainingStats stats() {
        return Trained.RESULT.stats();
    }

    /** The shipped data set the model was trained on. */
    public static DiamondsCsv.Data data() {
        return Trained.DATA;
    }

    /** Every held-out row, in the bundle's order: rows the model never saw in training. */
    public static List<LabelledDiamond> heldOut() {
        return Trained.HELD_OUT;
    }

    /** The first {@code n} held-out rows, in a fixed order. */
    public static List<LabelledDiamond> heldOutRows(int n) {
        return heldOut().subList(0, n);
    }

    /**
     * A fresh models root holding this model under each of {@code versions} (the same forest under other version
     * names: a reload test needs two versions, not two trainings).
     */
    public static Path rootWith(String... versions) throws IOException {
        Path root = Files.createTempDirectory("facet-models-");
        for (String v : versions) {
            writeVersion(root, v);
        }
        return root;
    }

    /** Writes this model into {@code root/version} as a bundle of that version. */
    public static void writeVersion(Path root, String version) throws IOException {
        ForestTrainer.Result r = Trained.RESULT;
        ModelCard c = r.card();
        ModelCard card = new ModelCard(c.formatVersion(), c.name(), version, c.createdAt(), c.features(), c.output(),
                c.algorithm(), c.data(), c.heldOutMetrics(), c.trainingSeconds(), c.modelBytes(), c.provenance());
        ModelBundle.write(root.resolve(version), r.model(), r.stats(), card, r.heldOut());
    }

    private static final class Trained {
        static final DiamondsCsv.Data DATA = DiamondsCsv.loadBundled();
        static final ForestTrainer.Result RESULT = ForestTrainer.train(DATA, ForestConfig.SMALL, NAME, VERSION, m -> { });
        static final Path ROOT = write();
        static final List<LabelledDiamond> HELD_OUT = heldOutRows();

        private static Path write() {
            try {
                Path root = Files.createTempDirectory("facet-models-");
                ModelBundle.write(root.resolve(VERSION), RESULT.model(), RESULT.stats(), RESULT.card(), RESULT.heldOut());
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<LabelledDiamond> heldOutRows() {
            List<LabelledDiamond> rows = new ArrayList<>();
            for (int row : RESULT.heldOut().rows()) {
                rows.add(DATA.rows().get(row));
            }
            return List.copyOf(rows);
        }
    }

    private static final class Loaded {
        static final ModelBundle BUNDLE = ModelBundle.load(dir());
    }

    private static final class Compiled {
        static final CompiledForest FOREST = CompiledForest.compile(Trained.RESULT.model());
    }
}
