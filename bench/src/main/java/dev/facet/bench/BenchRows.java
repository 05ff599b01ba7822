package dev.facet.bench;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The diamonds model's newest bundle under a models root, in the one-model layouts ({@code <root>/<version>}) or
 * in a repository ({@code <root>/diamond-price-rf/<version>}, as {@code ./run.sh} trains it), and its held-out
 * rows: what every diamonds benchmark sends.
 */
public final class BenchRows {

    private BenchRows() {
    }

    /** The repository's directory of the diamonds model, which serving's original routes answer for. */
    public static final String DIAMONDS = "diamond-price-rf";

    public static Path bundle(Path root) {
        return BundleMetadata.resolve(root).or(() -> BundleMetadata.resolve(root.resolve(DIAMONDS)))
                .orElseThrow(() -> new IllegalStateException("no diamonds bundle under " + root.toAbsolutePath()
                        + " (neither <version>/ nor " + DIAMONDS + "/<version>/); bench/run.sh trains it"));
    }

    /** True when {@code root} is a repository of models rather than one model's versions or one bundle. */
    public static boolean isRepository(Path root) {
        return BundleMetadata.resolve(root).isEmpty();
    }

    public static List<LabelledDiamond> heldOut(Path root) {
        int[] rows = BundleMetadata.load(bundle(root)).heldOut().rows();
        List<LabelledDiamond> all = DiamondsCsv.loadBundled().rows();
        return Arrays.stream(rows).mapToObj(all::get).toList();
    }
}
