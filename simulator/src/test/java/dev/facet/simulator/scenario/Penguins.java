package dev.facet.simulator.scenario;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.Table;
import dev.facet.trainer.testing.SmallPenguins;

import java.util.stream.IntStream;

/**
 * Penguins as the trained classifier's schema reads them: the shared small bundle's held-out rows, and, for shares
 * measured over many draws, every row of the committed data set read by the same schema. Loaded once per test JVM.
 */
final class Penguins {

    static final BundleMetadata META = BundleMetadata.load(SmallPenguins.dir());
    static final Table TABLE = BundledData.PENGUINS.table();
    static final HeldOut HELD_OUT = HeldOut.fromTable(META.schema(), TABLE, META.heldOut().rows());
    static final HeldOut ALL = HeldOut.fromTable(META.schema(), TABLE, IntStream.range(0, TABLE.size()).toArray());

    private Penguins() {
    }

    static int feature(String name) {
        return META.schema().indexOf(name);
    }
}
