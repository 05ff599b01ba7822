package dev.facet.simulator.scenario;

import dev.facet.contracts.data.DiamondsCsv;

/** A few thousand real rows of the committed data set, loaded once per test JVM. */
final class Rows {

    static final HeldOut SAMPLE = new HeldOut(DiamondsCsv.loadBundled().rows().subList(0, 5_000));

    private Rows() {
    }
}
