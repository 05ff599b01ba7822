package dev.facet.groundtruth.quality;

import dev.facet.contracts.schema.DiamondSchema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the rolling windows of matched pairs and evaluates quality and concept drift.
 *
 * <p>Every window is a set ordered by when the actual was received ({@link MatchedPair#compareTo}), so its
 * content depends only on which pairs were matched, not on the order the joiner saw the two topics in.
 * Owned by the joiner's thread; not thread-safe. Memory is bounded by the settings: about
 * {@code 2 * countWindow + pageHinkleyWindow} pairs plus the time window's pairs (the heap per pair is in
 * the module README's configuration table).
 */
public final class QualityTracker {

    private static final List<String> CUTS = DiamondSchema.CUT.categories();

    private final ConceptDriftPolicy policy;
    private final int countWindowSize;
    private final long timeWindowMillis;
    private final ErrorWindow count = new ErrorWindow();
    private final ErrorWindow time = new ErrorWindow();
    private final ErrorWindow pageHinkley = new ErrorWindow();
    private final ErrorWindow[] byCut = new ErrorWindow[CUTS.size()];
    private long pairs;

    public QualityTracker(ConceptDriftPolicy policy, int countWindowSize, long timeWindowMillis) {
        this.policy = policy;
        this.countWindowSize = countWindowSize;
        this.timeWindowMillis = timeWindowMillis;
        for (int i = 0; i < byCut.length; i++) {
            byCut[i] = new ErrorWindow();
        }
    }

    public void add(MatchedPair p) {
        if (!count.add(p)) {
            return;
        }
        pairs++;
        count.trimTo(countWindowSize);
        time.add(p);
        pageHinkley.add(p);
        pageHinkley.trimTo(policy.pageHinkleyWindow());
        if (p.cut() >= 0 && p.cut() < byCut.length) {
            byCut[p.cut()].add(p);
            byCut[p.cut()].trimTo(countWindowSize);
        }
    }

    public void reset() {
        count.clear();
        time.clear();
        pageHinkley.clear();
        for (ErrorWindow w : byCut) {
            w.clear();
        }
        pairs = 0;
    }

    /** Drops pairs older than the time window and evaluates everything (O(pageHinkleyWindow)). */
    public QualitySnapshot evaluate(long nowMillis) {
        time.evictBefore(nowMillis - timeWindowMillis);
        WindowStats c = count.stats();
        Map<String, WindowStats> cuts = new LinkedHashMap<>();
        for (int i = 0; i < byCut.length; i++) {
            cuts.put(CUTS.get(i), byCut[i].stats());
        }
        double maeRatio = c.mae() / policy.baselineMae();
        double rmseRatio = c.rmse() / policy.baselineRmse();
        boolean ratioAlarm = count.size() >= countWindowSize && maeRatio >= policy.maeRatioThreshold();
        double ph = policy.pageHinkley(pageHinkley::iterator);
        boolean phAlarm = ph > policy.lambda();
        DriftStatus drift = new DriftStatus(maeRatio, rmseRatio, policy.maeRatioThreshold(), ratioAlarm, ph,
                policy.lambda(), policy.delta(), phAlarm, ratioAlarm || phAlarm);
        return new QualitySnapshot(nowMillis, countWindowSize, timeWindowMillis / 1000, c, time.stats(),
                Collections.unmodifiableMap(cuts), pairs, policy, drift);
    }
}
