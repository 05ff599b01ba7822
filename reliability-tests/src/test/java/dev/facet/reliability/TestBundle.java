package dev.facet.reliability;

import dev.facet.forest.ModelBundle;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.forest.CompiledForest;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small real model bundle, trained once per test JVM (about 5 s), with its compiled forest and held-out rows. */
final class TestBundle {

    private final Path root;
    private final CompiledForest forest;
    private final List<LabelledDiamond> heldOut = new ArrayList<>();

    private TestBundle() {
        try {
            DiamondsCsv.Data data = DiamondsCsv.loadBundled();
            ForestTrainer.Result r = ForestTrainer.train(data, ForestConfig.SMALL, "reliability-forest", "1", m -> { });
            root = Files.createTempDirectory("facet-reliability-model-");
            ModelBundle.write(root.resolve("1"), r.model(), r.stats(), r.card(), r.heldOut());
            forest = CompiledForest.compile(r.model());
            for (int row : r.heldOut().rows()) {
                heldOut.add(data.rows().get(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Holder {
        static final TestBundle BUNDLE = new TestBundle();
    }

    static TestBundle get() {
        return Holder.BUNDLE;
    }

    /** The models root (model.dir): the services pick its newest version folder. */
    Path root() {
        return root;
    }

    CompiledForest forest() {
        return forest;
    }

    List<LabelledDiamond> heldOut() {
        return heldOut;
    }
}
