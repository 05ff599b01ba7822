package dev.facet.drift.history;

import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.drift.http.DriftReport;
import dev.facet.drift.stats.Evaluation;
import dev.facet.service.kafka.EventPublisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes each evaluated window (count and time, every model and version) as an evaluation event keyed by the
 * model's name. Called on the consumer's thread once per window, not per event: the encoding is a few kilobytes
 * and the hand-off a queue append ({@link EventPublisher#publish}), so the loop never waits for the broker. While
 * the broker is away the publisher buffers within its bound, then drops and counts
 * ({@code kafka_publish_events_total{topic="evaluations",outcome="dropped"}}); the verdicts in {@code /drift} and
 * the metrics are unaffected.
 */
public final class DriftHistory {

    private final EventPublisher publisher;

    public DriftHistory(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Hands the window's event to the publisher; false when it was dropped (buffer full). */
    public boolean record(Evaluation e) {
        return publisher.publish(e.modelName(), EvaluationCodec.encode(event(e)));
    }

    /** The event of one window: its result is the {@code latest} object that {@code GET /drift} shows for it. */
    public static EvaluationEvent event(Evaluation e) {
        Map<Integer, EvaluationEvent.OffsetRange> offsets = new LinkedHashMap<>();
        e.offsets().forEach((partition, range) ->
                offsets.put(partition, new EvaluationEvent.OffsetRange(range[0], range[1])));
        String verdict = !e.verdict() ? EvaluationEvent.VERDICT_INSUFFICIENT
                : e.datasetDrift() ? EvaluationEvent.VERDICT_DRIFT : EvaluationEvent.VERDICT_NO_DRIFT;
        return new EvaluationEvent(EvaluationEvent.SCHEMA_VERSION, EvaluationEvent.DRIFT, e.modelName(),
                e.modelVersion(), e.window(), e.evaluatedAt(), verdict,
                new EvaluationEvent.Bounds(e.firstEventTime(), e.lastEventTime(), offsets), DriftReport.evaluation(e));
    }
}
