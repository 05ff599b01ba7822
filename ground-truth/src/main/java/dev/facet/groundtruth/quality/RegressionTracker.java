package dev.facet.groundtruth.quality;

/**
 * Keeps a regressor's rolling windows of matched pairs and evaluates quality and concept drift.
 *
 * <p>Every window is a set ordered by when the actual was received ({@link MatchedPair#compareTo}), so its
 * content depends only on which pairs were matched, not on the order the joiner saw the two topics in.
 * Owned by the joiner's thread; not thread-safe. Memory is bounded by the settings: about
 * {@code countWindow + pageHinkleyWindow} pairs plus the time window's pairs (the heap per pair is in
 * the module README's configuration table).
 */
public final class RegressionTracker implements ModelTracker {

    private final String model;
    private final String version;
    private final ConceptDriftPolicy policy;
    private final int countWindowSize;
    private final long timeWindowMillis;
    private final ErrorWindow count = new ErrorWindow();
    private final ErrorWindow time = new ErrorWindow();
    private final ErrorWindow pageHinkley = new ErrorWindow();
    private long pairs;

    public RegressionTracker(String model, String version, ConceptDriftPolicy policy, int countWindowSize,
                             long timeWindowMillis) {
        this.model = model;
        this.version = version;
        this.policy = policy;
        this.countWindowSize = countWindowSize;
        this.timeWindowMillis = timeWindowMillis;
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
        pageHinkley.add(p);
        pageHinkley.trimTo(policy.pageHinkleyWindow());
        return true;
    }

    @Override
    public void reset() {
        count.clear();
        time.clear();
        pageHinkley.clear();
        pairs = 0;
    }

    /** Drops pairs older than the time window and evaluates everything (O(pageHinkleyWindow)). */
    @Override
    public RegressionSnapshot evaluate(long nowMillis) {
        time.evictBefore(nowMillis - timeWindowMillis);
        WindowStats c = count.stats();
        double maeRatio = c.mae() / policy.baselineMae();
        double rmseRatio = c.rmse() / policy.baselineRmse();
        boolean ratioAlarm = count.size() >= countWindowSize && maeRatio >= policy.maeRatioThreshold();
        double ph = policy.pageHinkley(pageHinkley::iterator);
        boolean phAlarm = ph > policy.lambda();
        DriftStatus drift = new DriftStatus(maeRatio, rmseRatio, policy.maeRatioThreshold(), ratioAlarm, ph,
                policy.lambda(), policy.delta(), phAlarm, ratioAlarm || phAlarm);
        return new RegressionSnapshot(model, version, nowMillis, countWindowSize, timeWindowMillis / 1000, c,
                time.stats(), pairs, policy, drift);
    }
}
