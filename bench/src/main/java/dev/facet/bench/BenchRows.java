package dev.facet.bench;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The held-out rows of the newest bundle under a models root: what every benchmark sends. */
public final class BenchRows {

    private BenchRows() {
    }

    public static Path bundle(Path root) {
        return BundleMetadata.resolve(root).orElseThrow(() -> new IllegalStateException("no model bundle under "
                + root.toAbsolutePath() + "; train the default model first: mvn -q -pl common exec:java"));
    }

    public static List<LabelledDiamond> heldOut(Path root) {
        int[] rows = BundleMetadata.load(bundle(root)).heldOut().rows();
        List<LabelledDiamond> all = DiamondsCsv.loadBundled().rows();
        return Arrays.stream(rows).mapToObj(all::get).toList();
    }
}
