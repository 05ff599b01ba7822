package dev.facet.drift.history;

import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.drift.http.DriftReport;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.window.TimeWindow;
import dev.facet.service.kafka.EventPublisher;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes the evaluated windows (count and time, every model and version) as evaluation events keyed by the
 * model's name. Called on the consumer's thread once per window, not per event: the encoding is a few kilobytes
 * and the hand-off a queue append ({@link EventPublisher#publish}), so the loop never waits for the broker. While
 * the broker is away the publisher buffers within its bound, then drops and counts
 * ({@code kafka_publish_events_total{topic="evaluations",outcome="dropped"}}); the verdicts in {@code /drift} and
 * the metrics are unaffected.
 *
 * <p>Every count window is published: count windows do not overlap, and there is one per {@code window.count}
 * events. The time window slides and is judged again every few seconds while events come, so publishing each of its
 * verdicts would keep thousands of overlapping windows a day per model, a few kilobytes each, for the topic's year
 * of retention. A time window is therefore published when at least its span has passed since the last one of its
 * model and version was (so published time windows barely overlap), and the last verdict before its model goes
 * quiet is published too ({@link #settle}), so the history always ends with what {@code /drift} shows.
 */
public final class DriftHistory {

    /** Where an encoded event goes, keyed by model; false when it was dropped. */
    @FunctionalInterface
    public interface Sink {
        boolean publish(String key, byte[] event);
    }

    private final Sink sink;
    private final Duration timeSpan;
    /** Per model and version ("name version"): the last time window published, and the newest one held back. */
    private final Map<String, TimeState> times = new HashMap<>();

    private static final class TimeState {
        Instant published;
        Evaluation pending;
    }

    public DriftHistory(EventPublisher publisher, Duration timeSpan) {
        this(publisher::publish, timeSpan);
    }

    public DriftHistory(Sink sink, Duration timeSpan) {
        this.sink = sink;
        this.timeSpan = timeSpan;
    }

    /** Publishes a count window; a time window when its span has passed since the last one, else holds it back. */
    public void record(Evaluation e) {
        if (!e.window().equals(TimeWindow.NAME)) {
            publish(e);
            return;
        }
        TimeState t = times.computeIfAbsent(e.modelName() + " " + e.modelVersion(), k -> new TimeState());
        if (t.published == null || !e.evaluatedAt().isBefore(t.published.plus(timeSpan))) {
            publish(e);
            t.published = e.evaluatedAt();
            t.pending = null;
        } else {
            t.pending = e;
        }
    }

    /**
     * After a round of time-window evaluations that began at {@code round}: a held-back verdict that was not
     * replaced in this round is its model's last for now (nothing changed), and is published.
     */
    public void settle(Instant round) {
        for (TimeState t : times.values()) {
            if (t.pending != null && t.pending.evaluatedAt().isBefore(round)) {
                publish(t.pending);
                t.published = t.pending.evaluatedAt();
                t.pending = null;
            }
        }
    }

    private void publish(Evaluation e) {
        sink.publish(e.modelName(), EvaluationCodec.encode(event(e)));
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
