package dev.facet.groundtruth.history;

import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.groundtruth.http.QualityReport;
import dev.facet.groundtruth.quality.ModelSnapshot;
import dev.facet.groundtruth.state.QualityState;
import dev.facet.service.kafka.EventPublisher;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes each model's quality as an evaluation event, once per window's worth of new pairs. The joiner
 * re-evaluates after every batch, far more often than a window fills, so the history takes one event when a count
 * window of new pairs has joined since the last event (window {@code count}), or, for a model whose feedback is
 * slow, when a time window has passed since the last event and some pair joined (window {@code time}). Each event's
 * result is the model's part of {@code GET /quality} at that moment: both windows' figures, the baseline, the
 * ratios and the concept-drift status.
 *
 * <p>Runs on the joiner's thread (it is {@link QualityState}'s snapshot listener): a few kilobytes encoded per
 * window and a queue append ({@link EventPublisher#publish}), so the loop never waits for the broker; an outage
 * buffers, then drops and counts. While the joiner rebuilds its state after a restart (replaying) nothing is
 * published, since those windows were published before, and the marks move with the replayed pairs.
 */
public final class QualityHistory {

    private final QualityState state;
    private final EventPublisher publisher;
    private final int countWindow;
    private final long timeWindowMillis;
    /** Per model: pairs since the joiner's start and the time, at its last event. Joiner's thread only. */
    private final Map<String, long[]> marks = new HashMap<>();

    public QualityHistory(QualityState state, EventPublisher publisher, int countWindow, Duration timeWindow) {
        this.state = state;
        this.publisher = publisher;
        this.countWindow = countWindow;
        this.timeWindowMillis = timeWindow.toMillis();
    }

    /** The listener for {@link QualityState#onSnapshots}. */
    public void snapshots(Map<String, ModelSnapshot> snapshots, boolean replaying) {
        snapshots.forEach((model, s) -> {
            long[] mark = marks.computeIfAbsent(model, m -> new long[]{0, s.atMillis()});
            if (s.pairsSinceStart() < mark[0] || replaying) { // rebuilt, or rebuilding: start counting afresh
                mark[0] = s.pairsSinceStart();
                mark[1] = s.atMillis();
                return;
            }
            long fresh = s.pairsSinceStart() - mark[0];
            String window = fresh >= countWindow ? "count"
                    : fresh > 0 && s.atMillis() - mark[1] >= timeWindowMillis ? "time" : null;
            if (window != null) {
                publisher.publish(model, EvaluationCodec.encode(event(s, window, QualityReport.model(state, s))));
                mark[0] = s.pairsSinceStart();
                mark[1] = s.atMillis();
            }
        });
    }

    /**
     * One model's quality event. The bounds are unknown: the windows hold joined pairs, not their prediction
     * times or offsets.
     */
    static EvaluationEvent event(ModelSnapshot s, String window, Map<String, Object> result) {
        String verdict = s.countPairs() == 0 ? EvaluationEvent.VERDICT_INSUFFICIENT
                : s.driftDetected() ? EvaluationEvent.VERDICT_DRIFT : EvaluationEvent.VERDICT_NO_DRIFT;
        return new EvaluationEvent(EvaluationEvent.SCHEMA_VERSION, EvaluationEvent.QUALITY, s.model(), s.version(),
                window, Instant.ofEpochMilli(s.atMillis()), verdict, EvaluationEvent.Bounds.unknown(), result);
    }
}
