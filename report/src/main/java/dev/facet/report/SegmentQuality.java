package dev.facet.report;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.http.QualityReport;
import dev.facet.groundtruth.model.KnownModel;
import dev.facet.groundtruth.quality.Actual;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.ModelTracker;
import dev.facet.groundtruth.quality.RecentPairs;
import dev.facet.groundtruth.state.QualityState;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Quality per segment, with the ground-truth service's own code: each actual on the feedback topic is joined to
 * its prediction by {@code prediction_id} (lower-cased, as the joiner does; the first actual of an id wins, later
 * ones are duplicates), checked against the model ({@link KnownModel#problemWith}: an actual that does not suit
 * the model is counted as invalid, not judged), and the segment's pairs go to the tracker the service would make
 * ({@link GroundTruthApp#tracker}, from the bundle's held-out baseline and the service's configuration) whose
 * count window is set to the segment's pairs, so the figures cover the whole segment. The result is
 * {@link QualityReport#model}: the {@code /quality} model object. Its time window ends at the segment's last
 * actual.
 */
final class SegmentQuality {

    private record Prediction(int segment, ModelPredictionEvent event) {
    }

    private final KnownModel model;
    private final JsonObject settings;
    private final Map<String, Prediction> predictions = new HashMap<>();
    private final long[] seen;
    private final List<List<MatchedPair>> pairs = new ArrayList<>();
    private final List<List<MatchedPair>> invalid = new ArrayList<>();
    private final Map<String, Boolean> joined = new HashMap<>();

    /** @param settings the ground-truth service's settings (defaults, file, environment) */
    SegmentQuality(BundleMetadata bundle, JsonObject settings, int segments) {
        this.model = KnownModel.of(bundle);
        this.settings = settings;
        this.seen = new long[segments];
        for (int i = 0; i < segments; i++) {
            pairs.add(new ArrayList<>());
            invalid.add(new ArrayList<>());
        }
    }

    /** A prediction of the judged version in {@code segment}, waiting for its actual. */
    void prediction(int segment, ServedPrediction event) {
        ModelPredictionEvent e = ModelPredictionEvent.of(event);
        // the features are not needed for quality: keep the event lean, as the quality windows do
        ModelPredictionEvent lean = new ModelPredictionEvent(e.schemaVersion(), e.predictionId(), e.timestamp(),
                e.modelName(), e.modelVersion(), e.task(), Map.of(), e.prediction(), e.label(), e.probabilities());
        if (predictions.putIfAbsent(e.predictionId().toLowerCase(Locale.ROOT), new Prediction(segment, lean)) == null) {
            seen[segment]++;
        }
    }

    /** A record of the feedback topic; ignored unless it is the first actual of a waiting prediction. */
    void feedback(byte[] value) {
        FeedbackEvent f;
        try {
            f = EventCodec.decodeFeedback(value);
        } catch (EventFormatException | RuntimeException e) {
            return; // the joiner skips it too (dead letter)
        }
        String id = f.predictionId().toLowerCase(Locale.ROOT);
        Prediction p = predictions.get(id);
        if (p == null || joined.putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        Actual actual = f.actualLabel() != null ? Actual.label(f.actualLabel()) : Actual.value(f.actualValue());
        MatchedPair pair = new MatchedPair(id, p.event().timestamp().toEpochMilli(), f.receivedAt().toEpochMilli(),
                p.event(), actual);
        boolean fits = model.problemWith(actual.isLabel() ? null : actual.value(), actual.label()).isEmpty();
        (fits ? pairs : invalid).get(p.segment()).add(pair);
    }

    /** The {@code /quality} model object of {@code segment}, or null when none of its predictions has an actual. */
    Map<String, Object> quality(int segment) {
        List<MatchedPair> segmentPairs = pairs.get(segment);
        if (segmentPairs.isEmpty()) {
            return null;
        }
        GroundTruthConfig config = GroundTruthConfig.from(settings.copy()
                .put("quality.window.count", Math.max(10, segmentPairs.size())));
        ModelTracker tracker;
        try {
            tracker = GroundTruthApp.tracker(model, config);
        } catch (IllegalStateException noBaseline) {
            throw new ReportException(noBaseline.getMessage());
        }
        QualityState state = new QualityState(Map.of(), List.of(), new RecentPairs(1), id -> Optional.empty());
        long last = Long.MIN_VALUE;
        for (MatchedPair p : segmentPairs) {
            tracker.add(p);
            state.matched(p, true);
            last = Math.max(last, p.receivedAtMillis());
        }
        invalid.get(segment).forEach(p -> state.invalid(p, true));
        for (long i = 0; i < seen[segment]; i++) {
            state.predictionSeen(model.name(), true);
        }
        return QualityReport.model(state, tracker.evaluate(last));
    }
}
