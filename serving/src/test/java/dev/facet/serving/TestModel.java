package dev.facet.serving;

import dev.facet.forest.ModelBundle;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The small real forest, trained once per test JVM into a temporary model root ({@code <root>/1}). */
public final class TestModel {

    public static final String NAME = "diamond-price-rf";
    public static final String VERSION = "1";

    private TestModel() {
    }

    public static Path root() {
        return Holder.ROOT;
    }

    /** The bundle as loaded by common (Tribuo's model: the independent oracle for prices). */
    public static ModelBundle bundle() {
        return Holder.BUNDLE;
    }

    /** Real rows from the held-out part of the data set, in a fixed order. */
    public static List<LabelledDiamond> heldOutRows(int n) {
        List<LabelledDiamond> all = Holder.DATA.rows();
        int[] idx = Holder.BUNDLE.heldOut().rows();
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> all.get(idx[i])).toList();
    }

    /**
     * A fresh model root holding the test model as version {@code versions[0]}, {@code versions[1]}... (the same
     * forest under other version names: a reload test needs two versions, not two trainings).
     */
    public static Path rootWith(String... versions) throws IOException {
        Path root = Files.createTempDirectory("facet-serving-models-");
        for (String v : versions) {
            writeVersion(root, v);
        }
        return root;
    }

    public static void writeVersion(Path root, String version) throws IOException {
        ModelBundle b = bundle();
        dev.facet.contracts.bundle.ModelCard c = b.card();
        dev.facet.contracts.bundle.ModelCard card = new dev.facet.contracts.bundle.ModelCard(c.formatVersion(), c.name(),
                version, c.createdAt(), c.features(), c.output(), c.algorithm(), c.data(), c.heldOutMetrics(),
                c.trainingSeconds(), c.modelBytes(), c.provenance());
        ModelBundle.write(root.resolve(version), b.model(), b.stats(), card, b.heldOut());
    }

    private static final class Holder {
        static final DiamondsCsv.Data DATA = DiamondsCsv.loadBundled();
        static final Path ROOT = train();
        static final ModelBundle BUNDLE = ModelBundle.load(ROOT.resolve(VERSION));

        private static Path train() {
            try {
                Path root = Files.createTempDirectory("facet-serving-models-");
                ForestTrainer.Result r = ForestTrainer.train(DATA, ForestConfig.SMALL, NAME, VERSION, m -> { });
                ModelBundle.write(root.resolve(VERSION), r.model(), r.stats(), r.card(), r.heldOut());
                root.toFile().deleteOnExit();
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
