package dev.facet.drift;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.schema.Diamond;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;
import dev.facet.forest.CompiledForest;
import dev.facet.trainer.testing.SmallModel;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The shared small model bundle (the trainer test-jar's {@link SmallModel}) and prediction events built from
 * its held-out rows, priced by the same model, so prediction drift is measured against the model's own training
 * predictions.
 */
public final class TestTraffic {

    private static final class Holder {
        static final TestTraffic INSTANCE = create();
    }

    private final Path bundleRoot;
    private final Reference reference;
    private final List<LabelledDiamond> heldOut;
    private final CompiledForest forest;
    private final String version;

    private TestTraffic(Path bundleRoot, Reference reference, List<LabelledDiamond> heldOut, CompiledForest forest,
                        String version) {
        this.bundleRoot = bundleRoot;
        this.reference = reference;
        this.heldOut = heldOut;
        this.forest = forest;
        this.version = version;
    }

    public static TestTraffic get() {
        return Holder.INSTANCE;
    }

    private static TestTraffic create() {
        BundleMetadata m = BundleMetadata.load(SmallModel.dir(), BundleMetadata.Checks.FILES_READ);
        return new TestTraffic(SmallModel.root(), Reference.of(SmallModel.NAME, SmallModel.VERSION, m.schema(), m.stats()),
                SmallModel.heldOut(), SmallModel.forest(), SmallModel.VERSION);
    }

    public Path bundleRoot() {
        return bundleRoot;
    }

    public Reference reference() {
        return reference;
    }

    public List<LabelledDiamond> heldOut() {
        return heldOut;
    }

    /** The columns of this model's events, as a window holds them. */
    public EventColumns columns() {
        return new EventColumns(reference);
    }

    /** {@code event} read into {@code row} by {@code columns}; fails the test if it does not fit. */
    public static Row read(EventColumns columns, Row row, PredictionEvent event) {
        if (!columns.read(event, row)) {
            throw new AssertionError("the event does not fit the model's schema: " + event);
        }
        return row;
    }

    /** A held-out diamond drawn uniformly with {@code random}. */
    public Diamond draw(Random random) {
        return heldOut.get(random.nextInt(heldOut.size())).diamond();
    }

    /** An event for {@code d}, priced by the model, with an id from {@code random}. */
    public PredictionEvent event(Diamond d, Random random, Instant at) {
        return PredictionEvent.of(new UUID(random.nextLong(), random.nextLong()).toString(), at, SmallModel.NAME, version,
                d, forest.predict(d));
    }

    /**
     * The diamond {@code factor} times heavier. Dimensions are scaled consistently (each by the cube root, as a
     * heavier stone of the same shape is larger in every direction), so depth (z / mean(x, y)) is unchanged:
     * the shift looks like real traffic, not like a corrupted column.
     */
    public static Diamond heavier(Diamond d, double factor) {
        double k = Math.cbrt(factor);
        return new Diamond(Math.round(d.carat() * factor * 100) / 100.0, d.cut(), d.color(), d.clarity(), d.depth(),
                d.table(), Math.round(d.x() * k * 100) / 100.0, Math.round(d.y() * k * 100) / 100.0,
                Math.round(d.z() * k * 100) / 100.0);
    }
}
