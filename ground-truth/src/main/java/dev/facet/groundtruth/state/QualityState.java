package dev.facet.groundtruth.state;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.groundtruth.join.JoinSink;
import dev.facet.groundtruth.join.Joiner;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.QualitySnapshot;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The state of the ground-truth service that readers on other threads see: the latest {@link QualitySnapshot},
 * the join's statistics, whether the joiner is replaying, and the counts of the joiner's outcomes and of the
 * feedback accepted. It is the joiner's {@link JoinSink}; {@code GET /quality} and the metrics read it.
 *
 * <p>Threads: the joiner's thread is the only writer of the snapshot, the statistics and the outcome counts; the
 * HTTP event loop adds the accepted feedback. Snapshot and statistics are immutable records behind volatile
 * fields, so a reader sees one consistent state; counts are {@link LongAdder}s. Outcomes reported with
 * {@code counted == false} (replayed records the previous incarnation already counted) change no count.
 */
public final class QualityState implements JoinSink {

    private final LongAdder received = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder alarms = new LongAdder();
    private final Map<Unmatched, LongAdder> unmatched = new EnumMap<>(Unmatched.class);
    private final Map<Side, LongAdder> evictedExpired = new EnumMap<>(Side.class);
    private final Map<Side, LongAdder> evictedAtCap = new EnumMap<>(Side.class);
    private final Map<String, Map<EventFormatException.Reason, LongAdder>> malformed = new HashMap<>();
    private volatile QualitySnapshot snapshot;
    private volatile Joiner.Stats joinStats = new Joiner.Stats(0, 0, 0, 0);
    private volatile boolean replaying;
    private volatile Consumer<MatchedPair> countedMatches = pair -> { };

    /**
     * @param initial the snapshot before the first batch (empty windows, the bundle's baseline)
     * @param topics  the topics whose unreadable records are counted; others are ignored
     */
    public QualityState(QualitySnapshot initial, List<String> topics) {
        this.snapshot = initial;
        for (Unmatched reason : Unmatched.values()) {
            unmatched.put(reason, new LongAdder());
        }
        for (Side side : Side.values()) {
            evictedExpired.put(side, new LongAdder());
            evictedAtCap.put(side, new LongAdder());
        }
        for (String topic : topics) {
            Map<EventFormatException.Reason, LongAdder> byReason = new EnumMap<>(EventFormatException.Reason.class);
            for (EventFormatException.Reason reason : EventFormatException.Reason.values()) {
                byReason.put(reason, new LongAdder());
            }
            malformed.put(topic, byReason);
        }
    }

    /**
     * Who hears of each counted match besides the count (the label-delay histogram, which needs every pair and
     * not a total). One listener; set before the joiner starts.
     */
    public void onCountedMatch(Consumer<MatchedPair> listener) {
        this.countedMatches = listener;
    }

    // ---- written by the HTTP side ----

    /** Actual prices accepted by the feedback API and handed to Kafka. */
    public void feedbackReceived(int n) {
        received.add(n);
    }

    // ---- written by the joiner's thread ----

    @Override
    public void published(QualitySnapshot s, Joiner.Stats stats, boolean replaying) {
        boolean was = snapshot.drift().detected();
        this.snapshot = s;
        this.joinStats = stats;
        this.replaying = replaying;
        if (!was && s.drift().detected() && !replaying) {
            alarms.increment();
        }
    }

    @Override
    public void malformed(String topic, EventFormatException.Reason reason) {
        Map<EventFormatException.Reason, LongAdder> byReason = malformed.get(topic);
        if (byReason != null) {
            byReason.get(reason).increment();
        }
    }

    @Override
    public void matched(MatchedPair pair, boolean counted) {
        if (counted) {
            matched.increment();
            countedMatches.accept(pair);
        }
    }

    @Override
    public void duplicate(boolean counted) {
        if (counted) {
            duplicates.increment();
        }
    }

    @Override
    public void unmatched(Unmatched reason, boolean counted) {
        if (counted) {
            unmatched.get(reason).increment();
        }
    }

    @Override
    public void evicted(Side side, boolean atCap, boolean counted) {
        if (counted) {
            (atCap ? evictedAtCap : evictedExpired).get(side).increment();
        }
    }

    // ---- read from any thread ----

    public QualitySnapshot snapshot() {
        return snapshot;
    }

    public Joiner.Stats joinStats() {
        return joinStats;
    }

    public boolean replaying() {
        return replaying;
    }

    public long receivedCount() {
        return received.sum();
    }

    public long duplicateCount() {
        return duplicates.sum();
    }

    public long matchedCount() {
        return matched.sum();
    }

    public long unmatchedCount(Unmatched reason) {
        return unmatched.get(reason).sum();
    }

    /** Waiting entries that left memory unmatched: at the memory cap, or expired after the retention. */
    public long evictedCount(Side side, boolean atCap) {
        return (atCap ? evictedAtCap : evictedExpired).get(side).sum();
    }

    /** Times the concept-drift flag went from off to on outside a replay. */
    public long alarmCount() {
        return alarms.sum();
    }

    /** Unreadable records of {@code topic}, 0 for a topic not given at construction. */
    public long malformedCount(String topic, EventFormatException.Reason reason) {
        Map<EventFormatException.Reason, LongAdder> byReason = malformed.get(topic);
        return byReason == null ? 0 : byReason.get(reason).sum();
    }
}
