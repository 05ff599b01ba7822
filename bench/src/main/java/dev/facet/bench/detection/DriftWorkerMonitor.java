package dev.facet.bench.detection;

import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.drift.models.ModelCatalog;
import dev.facet.drift.models.VersionMonitor;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureQuality;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The drift-worker's per-model path, as its consumer runs it minus Kafka: the {@link ModelCatalog} finds the
 * event's bundle and makes the version's {@link VersionMonitor}, each event is read into a row
 * ({@code EventColumns}) and added to the count window, and a full window is evaluated by the version's engine.
 * A bench window is one count window, so each {@link #window} call ends with exactly one verdict.
 */
final class DriftWorkerMonitor implements Monitor<Served> {

    /** MissingValueSurge: missing share above the training share by more than this (facet-drift.yml). */
    static final double MISSING_EXCESS = 0.1;
    /** UnseenCategoriesSeen: share of a feature's values in categories training never had (facet-drift.yml). */
    static final double UNSEEN_SHARE = 0.01;

    private final ModelCatalog catalog;
    private final Signal signal;
    private long offset;

    DriftWorkerMonitor(DriftWorkerConfig config, Path models, Signal signal) {
        this.catalog = new ModelCatalog(models, config.policy(), config.countWindow(), config.timeWindow(),
                config.timeWindowMaxEvents(), config.maxModels(), config.unknownModelRetry(), new ModelCatalog.Listener() {
                    @Override
                    public void tracked(VersionMonitor monitor) {
                    }

                    @Override
                    public void dropped(VersionMonitor monitor) {
                    }
                });
        this.signal = signal;
    }

    @Override
    public boolean window(List<Served> events) {
        Evaluation last = null;
        for (Served s : events) {
            VersionMonitor m = catalog.find(s.event().modelName(), s.event().modelVersion(), 0);
            if (m == null) {
                throw new IllegalStateException("the drift-worker finds no bundle for " + s.event().modelName()
                        + " " + s.event().modelVersion() + ": " + catalog.outcome());
            }
            if (!m.columns().read(s.event(), m.row())) {
                throw new IllegalStateException("the drift-worker cannot read an event serving would publish");
            }
            var closed = m.count().add(m.row(), 0, offset++);
            if (closed.isPresent()) {
                last = m.engine().evaluate(closed.get(), Instant.EPOCH);
            }
        }
        if (last == null) {
            throw new IllegalStateException("a bench window must be one drift-worker count window");
        }
        return fired(signal, last);
    }

    static boolean fired(Signal signal, Evaluation e) {
        return switch (signal) {
            case DATASET_DRIFT -> e.verdict() && e.datasetDrift();
            case DATA_QUALITY -> e.quality().stream().anyMatch(DriftWorkerMonitor::unusual);
            case CONCEPT_DRIFT -> throw new IllegalArgumentException("concept drift is ground-truth's");
        };
    }

    /** NaN (nothing present) compares false, as Prometheus drops a NaN sample from a {@code >} comparison. */
    private static boolean unusual(FeatureQuality q) {
        return q.missingShare() - q.referenceMissingShare() > MISSING_EXCESS || q.unseenShare() > UNSEEN_SHARE;
    }
}
