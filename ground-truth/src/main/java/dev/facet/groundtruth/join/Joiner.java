package dev.facet.groundtruth.join;

import dev.facet.contracts.event.ServedPrediction;
import dev.facet.groundtruth.join.JoinEvents.Side;
import dev.facet.groundtruth.join.JoinEvents.Unmatched;
import dev.facet.groundtruth.quality.Actual;
import dev.facet.groundtruth.quality.MatchedPair;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Joins predictions and their actuals (a value or a label) by {@code prediction_id}, whichever arrives first.
 *
 * <p>Rules, all in terms of event times so that replaying the topics in another interleaving gives the same
 * result (R = retention, G = grace):
 * <ul>
 *   <li>a feedback received at {@code r} matches a prediction made at {@code t} if {@code r - t <= R}; later it
 *       is unmatched with reason {@code expired};</li>
 *   <li>a prediction waits for its actual until {@code t + R + G} (then it is evicted, reason {@code expired},
 *       and remembered as a tombstone for another R so that a late actual is reported as {@code expired});</li>
 *   <li>a feedback that arrives first waits for its prediction for {@code G} after {@code r}, enough for a
 *       prediction event delayed by a broker outage (serving's producer retries for 5 minutes); a prediction
 *       whose record reaches the topic later than that no longer matches, and the feedback is {@code unknown};</li>
 *   <li>a second actual for an id that already has one (matched, waiting, or reported unmatched) is a
 *       duplicate: counted, not joined again;</li>
 *   <li>at most {@code maxPending} predictions and as many feedbacks wait: beyond that the oldest is evicted
 *       (reason {@code cap}) and a later actual for it is unmatched with reason {@code evicted}.</li>
 * </ul>
 * The wall clock enters only through {@link #sweep}, which the loop calls only when it has caught up with the
 * topics; it agrees with the rules above as long as the consumer lag stays below G.
 *
 * <p>Memory: {@link #BYTES_PER_ENTRY} per waiting prediction (measured by {@code JoinerTest} on a 64-bit
 * JVM with compressed oops: a LinkedHashMap entry, the 36-character id string, a small record, and the entry of
 * the concurrent id-to-model map below), less for matched ids and tombstones, which are capped at
 * {@code maxPending} too. A waiting prediction also holds its event, whose features the decoder allocated: that
 * is the model's to size (a few dozen bytes a feature) and is not in the estimate.
 *
 * <p>Besides, the model of each waiting prediction is kept in a concurrent map, so that the HTTP side can check
 * an actual against the model that made the prediction ({@link #waitingModel}): a reference per waiting
 * prediction, which the estimate above includes.
 *
 * <p>Not thread-safe but for {@link #waitingModel}: owned by the joiner's thread.
 */
public final class Joiner {

    /**
     * Heap bytes per waiting prediction, the estimate behind the {@code join_state_bytes} gauge; {@code JoinerTest}
     * measures the allocation and fails when it leaves 25% of this.
     */
    public static final int BYTES_PER_ENTRY = 232;

    /** Counts of what the joiner holds. */
    public record Stats(int pendingPredictions, int pendingFeedback, int matchedIds, int tombstones) {
        public long estimatedBytes() {
            return (long) BYTES_PER_ENTRY * (pendingPredictions + pendingFeedback + matchedIds + tombstones);
        }
    }

    /** @param fresh not processed by the previous incarnation (see {@link JoinEvents}) */
    private record Prediction(long timestampMillis, ServedPrediction event, boolean fresh) {
    }

    private record Feedback(long receivedAtMillis, Actual actual, boolean fresh) {
    }

    /** @param answered an actual for this id was already reported, so another one is a duplicate */
    private record Tombstone(long forgetAtMillis, Unmatched reason, boolean answered) {
    }

    private final long retention;
    private final long grace;
    private final int maxPending;
    private final JoinEvents events;
    private final Predicate<MatchedPair> sink;
    private final LinkedHashMap<String, Prediction> predictions = new LinkedHashMap<>();
    private final LinkedHashMap<String, Feedback> feedback = new LinkedHashMap<>();
    /** id -> prediction time, for duplicate detection until the prediction would have expired */
    private final LinkedHashMap<String, Long> matched = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tombstone> gone = new LinkedHashMap<>();
    /** id -> model name of the waiting predictions; written by the owner, read by any thread */
    private final Map<String, String> waitingModels = new ConcurrentHashMap<>();
    /** Outcomes of sweeps whose deadline is before this were reported by the previous incarnation. */
    private long countSweepsFrom;

    /**
     * @param sink takes each joined pair; answers false when the actual does not suit the prediction's model (a
     *             label it does not have), which is then reported {@link JoinEvents#invalid} instead of matched
     */
    public Joiner(long retentionMillis, long graceMillis, int maxPending, JoinEvents events,
                  Predicate<MatchedPair> sink) {
        this.retention = retentionMillis;
        this.grace = graceMillis;
        this.maxPending = maxPending;
        this.events = events;
        this.sink = sink;
    }

    /** Forgets everything; sweep outcomes with deadlines before {@code countSweepsFromMillis} are not counted. */
    public void reset(long countSweepsFromMillis) {
        predictions.clear();
        waitingModels.clear();
        feedback.clear();
        matched.clear();
        gone.clear();
        this.countSweepsFrom = countSweepsFromMillis;
    }

    /**
     * @param arrivedAtMillis when the prediction reached the topic (the record's timestamp)
     * @param counted         false while replaying records the previous incarnation processed
     */
    public void onPrediction(String id, long timestampMillis, long arrivedAtMillis, ServedPrediction event,
                             boolean counted) {
        if (predictions.containsKey(id) || matched.containsKey(id) || gone.containsKey(id)) {
            return; // the same prediction event twice (a producer retry): nothing new
        }
        Feedback f = feedback.get(id);
        if (f != null && arrivedAtMillis > f.receivedAtMillis() + grace) {
            // the feedback stopped waiting before this prediction arrived: it was reported unknown then
            feedback.remove(id);
            events.unmatched(Unmatched.UNKNOWN, counted || f.receivedAtMillis() + grace >= countSweepsFrom);
            f = null;
        }
        if (f != null) {
            feedback.remove(id);
            // a join is new if either half is: the previous incarnation saw both halves or it did not join them
            boolean fresh = counted || f.fresh();
            if (f.receivedAtMillis() - timestampMillis <= retention) {
                match(id, timestampMillis, event, f.receivedAtMillis(), f.actual(), fresh);
            } else {
                remember(id, timestampMillis + 2 * retention + grace, Unmatched.EXPIRED, true);
                events.unmatched(Unmatched.EXPIRED, fresh);
            }
            return;
        }
        predictions.put(id, new Prediction(timestampMillis, event, counted));
        waitingModels.put(id, event.modelName());
        if (predictions.size() > maxPending) {
            Iterator<Map.Entry<String, Prediction>> eldest = predictions.entrySet().iterator();
            Map.Entry<String, Prediction> e = eldest.next();
            eldest.remove();
            waitingModels.remove(e.getKey());
            remember(e.getKey(), e.getValue().timestampMillis() + 2 * retention + grace, Unmatched.EVICTED, false);
            events.evicted(Side.PREDICTION, true, counted);
        }
    }

    public void onFeedback(String id, Actual actual, long receivedAtMillis, boolean counted) {
        if (matched.containsKey(id) || feedback.containsKey(id)) {
            events.duplicate(counted);
            return;
        }
        Prediction p = predictions.get(id);
        if (p != null) {
            predictions.remove(id);
            waitingModels.remove(id);
            boolean fresh = counted || p.fresh();
            if (receivedAtMillis - p.timestampMillis() <= retention) {
                match(id, p.timestampMillis(), p.event(), receivedAtMillis, actual, fresh);
            } else {
                remember(id, p.timestampMillis() + 2 * retention + grace, Unmatched.EXPIRED, true);
                events.unmatched(Unmatched.EXPIRED, fresh);
            }
            return;
        }
        Tombstone t = gone.get(id);
        if (t != null) {
            if (t.answered()) {
                events.duplicate(counted);
            } else {
                gone.put(id, new Tombstone(t.forgetAtMillis(), t.reason(), true));
                events.unmatched(t.reason(), counted);
            }
            return;
        }
        feedback.put(id, new Feedback(receivedAtMillis, actual, counted));
        if (feedback.size() > maxPending) {
            Iterator<Map.Entry<String, Feedback>> eldest = feedback.entrySet().iterator();
            eldest.next();
            eldest.remove();
            events.evicted(Side.FEEDBACK, true, counted);
        }
    }

    /**
     * Ends the waits that are over at {@code nowMillis}. Entries are visited in arrival order and the visit
     * stops at the first that may still wait, so one out-of-order old entry waits a little longer: never less.
     */
    public void sweep(long nowMillis) {
        Iterator<Map.Entry<String, Prediction>> ps = predictions.entrySet().iterator();
        while (ps.hasNext()) {
            Map.Entry<String, Prediction> e = ps.next();
            long deadline = e.getValue().timestampMillis() + retention + grace;
            if (deadline >= nowMillis) {
                break;
            }
            ps.remove();
            waitingModels.remove(e.getKey());
            remember(e.getKey(), e.getValue().timestampMillis() + 2 * retention + grace, Unmatched.EXPIRED, false);
            events.evicted(Side.PREDICTION, false, deadline >= countSweepsFrom);
        }
        Iterator<Map.Entry<String, Feedback>> fs = feedback.entrySet().iterator();
        while (fs.hasNext()) {
            Map.Entry<String, Feedback> e = fs.next();
            long deadline = e.getValue().receivedAtMillis() + grace;
            if (deadline >= nowMillis) {
                break;
            }
            fs.remove();
            events.unmatched(Unmatched.UNKNOWN, deadline >= countSweepsFrom);
        }
        Iterator<Map.Entry<String, Long>> ms = matched.entrySet().iterator();
        while (ms.hasNext()) {
            Map.Entry<String, Long> e = ms.next();
            if (e.getValue() + retention + grace >= nowMillis) {
                break;
            }
            ms.remove();
            remember(e.getKey(), e.getValue() + 2 * retention + grace, Unmatched.EXPIRED, true);
        }
        Iterator<Tombstone> ts = gone.values().iterator();
        while (ts.hasNext() && ts.next().forgetAtMillis() < nowMillis) {
            ts.remove();
        }
    }

    public Stats stats() {
        return new Stats(predictions.size(), feedback.size(), matched.size(), gone.size());
    }

    /** The model of the prediction {@code id} if it is waiting for its actual; safe from any thread. */
    public Optional<String> waitingModel(String id) {
        return Optional.ofNullable(waitingModels.get(id));
    }

    private void match(String id, long predictedAt, ServedPrediction event, long receivedAt, Actual actual,
                       boolean counted) {
        matched.put(id, predictedAt);
        if (matched.size() > maxPending) {
            Iterator<Map.Entry<String, Long>> eldest = matched.entrySet().iterator();
            Map.Entry<String, Long> e = eldest.next();
            eldest.remove();
            remember(e.getKey(), e.getValue() + 2 * retention + grace, Unmatched.EXPIRED, true);
        }
        MatchedPair pair = new MatchedPair(id, predictedAt, receivedAt, event, actual);
        if (sink.test(pair)) {
            events.matched(pair, counted);
        } else {
            events.invalid(pair, counted);
        }
    }

    private void remember(String id, long forgetAt, Unmatched reason, boolean answered) {
        gone.put(id, new Tombstone(forgetAt, reason, answered));
        if (gone.size() > maxPending) {
            Iterator<Tombstone> eldest = gone.values().iterator();
            eldest.next();
            eldest.remove();
        }
    }
}
