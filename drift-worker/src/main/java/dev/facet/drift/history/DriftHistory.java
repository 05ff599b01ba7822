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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>Encoding a window (a few kilobytes of JSON with every feature's histograms) is done on a thread of its own,
 * not the consumer's: the consumer thread is the drift-worker's bottleneck and only hands the finished, immutable
 * {@link Evaluation} over. The hand-off queue is bounded; when it is full the consumer encodes the window itself
 * (back-pressure, nothing lost), and the publisher's own bound then applies as before.
 */
public final class DriftHistory {

    /** Where an encoded event goes, keyed by model; false when it was dropped. */
    @FunctionalInterface
    public interface Sink {
        boolean publish(String key, byte[] event);
    }

    /** Windows waiting to be encoded; each is a few kilobytes once encoded. */
    private static final int ENCODE_QUEUE = 1024;

    private final Sink sink;
    private final Duration timeSpan;
    private final Executor encoder;
    private final ExecutorService owned;
    /** Per model and version ("name version"): the last time window published, and the newest one held back. */
    private final Map<String, TimeState> times = new HashMap<>();

    private static final class TimeState {
        Instant published;
        Evaluation pending;
    }

    /** Publishes through {@code publisher}, encoding on a thread of its own ({@link #close} stops it). */
    public DriftHistory(EventPublisher publisher, Duration timeSpan) {
        this.sink = publisher::publish;
        this.timeSpan = timeSpan;
        this.owned = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(ENCODE_QUEUE),
                r -> {
                    Thread t = new Thread(r, "drift-history-encoder");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.encoder = owned;
    }

    /** Publishes to {@code sink}, encoding on {@code encoder} (tests pass {@code Runnable::run}). */
    public DriftHistory(Sink sink, Duration timeSpan, Executor encoder) {
        this.sink = sink;
        this.timeSpan = timeSpan;
        this.encoder = encoder;
        this.owned = null;
    }

    /** Encodes and hands over what is queued (within {@code timeout}), then stops the encoder thread. Blocking. */
    public void close(Duration timeout) throws InterruptedException {
        if (owned != null) {
            owned.shutdown();
            owned.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
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
        encoder.execute(() -> sink.publish(e.modelName(), EvaluationCodec.encode(event(e))));
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
