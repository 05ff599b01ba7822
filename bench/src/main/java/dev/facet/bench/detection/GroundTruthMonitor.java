package dev.facet.bench.detection;

import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.model.KnownModel;
import dev.facet.groundtruth.quality.Actual;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.ModelTracker;

import java.util.List;

/**
 * Ground-truth's per-model quality path minus Kafka and the join: every prediction with a known actual becomes a
 * {@link MatchedPair} (feedback for every prediction, no label delay) added to the model's tracker, made as the
 * service makes it ({@link GroundTruthApp#tracker}), and the tracker is evaluated at the end of each window. The
 * bench's clock advances {@code 1000 / rate} ms per prediction.
 */
final class GroundTruthMonitor implements Monitor<Served> {

    private final ModelTracker tracker;
    private final double millisPerEvent;
    private long events;

    GroundTruthMonitor(GroundTruthConfig config, KnownModel model, double rate) {
        this.tracker = GroundTruthApp.tracker(model, config);
        this.millisPerEvent = 1000 / rate;
    }

    @Override
    public boolean window(List<Served> window) {
        long now = 0;
        for (Served s : window) {
            now = (long) (++events * millisPerEvent);
            if (s.actual() == null) {
                continue; // a synthesized row: nobody posts its actual
            }
            Actual truth = s.actual() instanceof String label ? Actual.label(label) : Actual.value((Double) s.actual());
            tracker.add(new MatchedPair(s.generic().predictionId(), now, now, s.generic(), truth));
        }
        return tracker.evaluate(now).driftDetected();
    }
}
