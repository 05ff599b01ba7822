package dev.facet.groundtruth.quality;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The trackers of every model, by name, and the recent pairs kept for retraining. A model's tracker is made on
 * its first use by {@code trackers} (from its bundle's baseline); the joiner routes each pair to its model's.
 * Owned by the joiner's thread, except {@link #recent()}, which is thread-safe.
 *
 * @param <M> what a tracker is made from (the model's bundle metadata)
 */
public final class QualityBook<M> {

    private final Function<M, ModelTracker> trackers;
    private final Function<M, String> names;
    private final Map<String, ModelTracker> byModel = new TreeMap<>();
    private final RecentPairs recent;
    /** The model of the last {@link #add} and its tracker: pairs come in runs of one model. */
    private M lastModel;
    private ModelTracker lastTracker;

    public QualityBook(Function<M, ModelTracker> trackers, Function<M, String> names, int keepPairs) {
        this.trackers = trackers;
        this.names = names;
        this.recent = new RecentPairs(keepPairs);
    }

    /** Makes the model's tracker if it has none. */
    public void ensure(M model) {
        byModel.computeIfAbsent(names.apply(model), n -> trackers.apply(model));
    }

    /** Adds a pair to its model's tracker (made if needed) and, if new, to the recent pairs. */
    public void add(MatchedPair p, M model) {
        ModelTracker tracker = lastTracker;
        if (model != lastModel) {
            ensure(model);
            tracker = byModel.get(names.apply(model));
            lastModel = model;
            lastTracker = tracker;
        }
        if (tracker.add(p)) {
            recent.add(p);
        }
    }

    public void reset() {
        byModel.values().forEach(ModelTracker::reset);
        recent.clear();
    }

    /** Every model's snapshot, by name (an immutable map). */
    public Map<String, ModelSnapshot> evaluate(long nowMillis) {
        Map<String, ModelSnapshot> out = new TreeMap<>();
        byModel.forEach((name, t) -> out.put(name, t.evaluate(nowMillis)));
        return Collections.unmodifiableMap(out);
    }

    public RecentPairs recent() {
        return recent;
    }
}
