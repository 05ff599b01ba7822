package dev.facet.groundtruth.quality;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A classifier's rolling windows (count and time) and its concept-drift tests ({@link ClassificationPolicy}).
 * Windows are ordered as the regressors' ({@link MatchedPair#compareTo}), so replay rebuilds them exactly. Owned by
 * the joiner's thread; not thread-safe. Memory: {@code countWindow + ddmWindow} pairs plus the time window's.
 */
public final class ClassificationTracker implements ModelTracker {

    private final String model;
    private final String version;
    private final List<String> labels;
    private final ClassificationPolicy policy;
    private final int countWindowSize;
    private final long timeWindowMillis;
    private final ClassWindow count;
    private final ClassWindow time;
    private final ClassWindow ddm;
    private long pairs;

    public ClassificationTracker(String model, String version, List<String> labels, ClassificationPolicy policy,
                                 int countWindowSize, long timeWindowMillis) {
        this.model = model;
        this.version = version;
        this.labels = List.copyOf(labels);
        this.policy = policy;
        this.countWindowSize = countWindowSize;
        this.timeWindowMillis = timeWindowMillis;
        this.count = new ClassWindow(labels);
        this.time = new ClassWindow(labels);
        this.ddm = new ClassWindow(labels);
    }

    @Override
    public boolean add(MatchedPair pair) {
        MatchedPair p = pair.withoutFeatures(); // one lean copy for every window
        if (!count.add(p)) {
            return false;
        }
        pairs++;
        count.trimTo(countWindowSize);
        time.add(p);
        ddm.add(p);
        ddm.trimTo(policy.ddmWindow());
        return true;
    }

    @Override
    public void reset() {
        count.clear();
        time.clear();
        ddm.clear();
        pairs = 0;
    }

    /** O(ddmWindow): DDM runs over its window at each evaluation. */
    @Override
    public ClassificationSnapshot evaluate(long nowMillis) {
        time.evictBefore(nowMillis - timeWindowMillis);
        ClassStats c = count.stats();
        long errors = c.pairs() - c.correct();
        boolean ratioAlarm = count.size() >= countWindowSize && policy.ratioAlarm(errors, c.pairs());
        List<Boolean> stream = new ArrayList<>(ddm.size());
        for (Iterator<MatchedPair> it = ddm.iterator(); it.hasNext(); ) {
            stream.add(ddm.isError(it.next()));
        }
        Ddm.Status d = Ddm.scan(stream, policy.baselineErrorRate());
        ClassificationSnapshot.Drift drift = new ClassificationSnapshot.Drift(
                c.errorRate() / policy.baselineErrorRate(), policy.ratioThreshold(), ratioAlarm, d,
                ratioAlarm || d.alarm());
        return new ClassificationSnapshot(model, version, nowMillis, countWindowSize, timeWindowMillis / 1000, labels,
                c, time.stats(), pairs, policy, drift);
    }
}
