package dev.facet.groundtruth;

import dev.facet.forest.ModelBundle;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.forest.CompiledForest;
import dev.facet.contracts.stats.ErrorBaseline;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small real model bundle, trained once per test JVM (about 5 s) into a temporary folder, with its compiled
 * forest and its held-out rows: the rows whose errors make the bundle's baseline.
 */
public final class TestModel {

    private final Path dir;
    private final CompiledForest forest;
    private final List<LabelledDiamond> heldOut;
    private final ErrorBaseline baseline;

    private TestModel() {
        try {
            DiamondsCsv.Data data = DiamondsCsv.loadBundled();
            ForestTrainer.Result r = ForestTrainer.train(data, ForestConfig.SMALL, "gt-test-forest", "1", m -> { });
            dir = Files.createTempDirectory("facet-gt-model-").resolve("1");
            ModelBundle.write(dir, r.model(), r.stats(), r.card(), r.heldOut());
            forest = CompiledForest.compile(r.model());
            heldOut = new ArrayList<>();
            for (int row : r.heldOut().rows()) {
                heldOut.add(data.rows().get(row));
            }
            baseline = r.stats().heldOutError();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Holder {
        static final TestModel MODEL = new TestModel();
    }

    public static TestModel get() {
        return Holder.MODEL;
    }

    /** The bundle's folder (model.dir). */
    public Path dir() {
        return dir;
    }

    public CompiledForest forest() {
        return forest;
    }

    public List<LabelledDiamond> heldOut() {
        return heldOut;
    }

    public ErrorBaseline baseline() {
        return baseline;
    }
}
