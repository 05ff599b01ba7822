package dev.facet.groundtruth.state;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.groundtruth.join.JoinSink;
import dev.facet.groundtruth.join.Joiner;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.ModelSnapshot;
import dev.facet.groundtruth.quality.RecentPairs;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The state of the ground-truth service that readers on other threads see: every model's latest {@link ModelSnapshot},
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
    private final LongAdder unknownModel = new LongAdder();
    /** by model name; models are few (the repository's), so these maps stay small */
    private final Map<String, LongAdder> matched = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> seen = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> invalid = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> alarms = new ConcurrentHashMap<>();
    private final Map<Unmatched, LongAdder> unmatched = new EnumMap<>(Unmatched.class);
    private final Map<Side, LongAdder> evictedExpired = new EnumMap<>(Side.class);
    private final Map<Side, LongAdder> evictedAtCap = new EnumMap<>(Side.class);
    private final Map<String, Map<EventFormatException.Reason, LongAdder>> malformed = new HashMap<>();
    private volatile Map<String, ModelSnapshot> snapshots;
    private volatile Joiner.Stats joinStats = new Joiner.Stats(0, 0, 0, 0);
    private volatile boolean replaying;
    private volatile Consumer<MatchedPair> countedMatches = pair -> { };
    private volatile Consumer<String> newModels = model -> { };
    private volatile BiConsumer<Map<String, ModelSnapshot>, Boolean> snapshotsPublished = (s, replaying) -> { };
    private final RecentPairs recent;
    private final Function<String, Optional<String>> waitingModels;

    /**
     * @param initial       every model's snapshot before the first batch (empty windows, the bundles' baselines)
     * @param topics        the topics whose unreadable records are counted; others are ignored
     * @param recent        the recent pairs the joiner keeps, for {@code GET /models/{name}/pairs}
     * @param waitingModels the model of a prediction waiting for its actual (the joiner's, thread-safe)
     */
    public QualityState(Map<String, ModelSnapshot> initial, List<String> topics, RecentPairs recent,
                        Function<String, Optional<String>> waitingModels) {
        this.snapshots = initial;
        this.recent = recent;
        this.waitingModels = waitingModels;
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

    /**
     * Who hears of every published set of snapshots, and whether the state is being rebuilt (the history, which
     * decides when a window is worth an event). One listener, called on the joiner's thread after the snapshots
     * are visible to readers; set before the joiner starts.
     */
    public void onSnapshots(BiConsumer<Map<String, ModelSnapshot>, Boolean> listener) {
        this.snapshotsPublished = listener;
    }

    /**
     * Who hears of a model's first snapshot (the metrics, which register its gauges then). One listener, called on
     * the joiner's thread; set before the joiner starts.
     */
    public void onNewModel(Consumer<String> listener) {
        this.newModels = listener;
        snapshots.keySet().forEach(listener);
    }

    // ---- written by the HTTP side ----

    /** Actual prices accepted by the feedback API and handed to Kafka. */
    public void feedbackReceived(int n) {
        received.add(n);
    }

    // ---- written by the joiner's thread ----

    @Override
    public void published(Map<String, ModelSnapshot> s, Joiner.Stats stats, boolean replaying) {
        Map<String, ModelSnapshot> before = this.snapshots;
        this.snapshots = s;
        this.joinStats = stats;
        this.replaying = replaying;
        s.forEach((model, now) -> {
            ModelSnapshot was = before.get(model);
            if (was == null) {
                newModels.accept(model);
            }
            if ((was == null || !was.driftDetected()) && now.driftDetected() && !replaying) {
                adder(alarms, model).increment();
            }
        });
        snapshotsPublished.accept(s, replaying);
    }

    @Override
    public void predictionSeen(String model, boolean counted) {
        if (counted) {
            adder(seen, model).increment();
        }
    }

    @Override
    public void unknownModel(boolean counted) {
        if (counted) {
            unknownModel.increment();
        }
    }

    @Override
    public void invalid(MatchedPair pair, boolean counted) {
        if (counted) {
            adder(invalid, pair.model()).increment();
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
            adder(matched, pair.model()).increment();
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

    /** Every model's latest snapshot, by name. */
    public Map<String, ModelSnapshot> snapshots() {
        return snapshots;
    }

    public Optional<ModelSnapshot> snapshot(String model) {
        return Optional.ofNullable(snapshots.get(model));
    }

    public RecentPairs recent() {
        return recent;
    }

    /** The model of a prediction waiting for its actual in this instance, if any. */
    public Optional<String> waitingModel(String predictionId) {
        return waitingModels.apply(predictionId);
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

    /** Pairs joined, all models. */
    public long matchedCount() {
        return matched.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long matchedCount(String model) {
        return count(matched, model);
    }

    /** Predictions read of {@code model} (a model with a bundle). */
    public long seenCount(String model) {
        return count(seen, model);
    }

    /** Joined pairs dropped because the actual did not suit {@code model}. */
    public long invalidCount(String model) {
        return count(invalid, model);
    }

    /** Predictions skipped because no bundle of their model and version was found. */
    public long unknownModelCount() {
        return unknownModel.sum();
    }

    public long unmatchedCount(Unmatched reason) {
        return unmatched.get(reason).sum();
    }

    /** Waiting entries that left memory unmatched: at the memory cap, or expired after the retention. */
    public long evictedCount(Side side, boolean atCap) {
        return (atCap ? evictedAtCap : evictedExpired).get(side).sum();
    }

    /** Times the concept-drift flag went from off to on outside a replay. */
    public long alarmCount(String model) {
        return count(alarms, model);
    }

    /** Unreadable records of {@code topic}, 0 for a topic not given at construction. */
    public long malformedCount(String topic, EventFormatException.Reason reason) {
        Map<EventFormatException.Reason, LongAdder> byReason = malformed.get(topic);
        return byReason == null ? 0 : byReason.get(reason).sum();
    }

    private static LongAdder adder(Map<String, LongAdder> counts, String model) {
        return counts.computeIfAbsent(model, m -> new LongAdder());
    }

    private static long count(Map<String, LongAdder> counts, String model) {
        LongAdder a = counts.get(model);
        return a == null ? 0 : a.sum();
    }
}
