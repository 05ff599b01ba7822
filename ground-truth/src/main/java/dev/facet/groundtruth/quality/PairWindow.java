package dev.facet.groundtruth.quality;

import java.util.Iterator;
import java.util.TreeSet;

/**
 * A set of matched pairs in {@link MatchedPair} order, bounded by a count ({@link #trimTo}), by time
 * ({@link #evictBefore}) or both, whose subclass keeps running state (sums, counts) up to date as pairs come and
 * go. Adding the same pair twice is a no-op, so a replayed join cannot be counted twice.
 *
 * <p>Each operation is O(log n). Double sums accumulate rounding as pairs come and go, so the state is rebuilt
 * exactly after every {@code max(1000, n)} removals (amortised O(1)).
 *
 * <p>Not thread-safe: owned by the joiner's thread.
 */
public abstract class PairWindow {

    private final TreeSet<MatchedPair> pairs = new TreeSet<>();
    private long removalsSinceExact;

    /** @return false when the pair was already present or the window does not take it ({@link #accepts}) */
    public boolean add(MatchedPair p) {
        if (!accepts(p) || !pairs.add(p)) {
            return false;
        }
        added(p);
        return true;
    }

    /** Removes the oldest pairs until at most {@code max} remain. */
    public void trimTo(int max) {
        while (pairs.size() > max) {
            remove(pairs.pollFirst());
        }
    }

    /** Removes the pairs whose actual was received before {@code millis}. */
    public void evictBefore(long millis) {
        while (!pairs.isEmpty() && pairs.first().receivedAtMillis() < millis) {
            remove(pairs.pollFirst());
        }
    }

    public int size() {
        return pairs.size();
    }

    /** Pairs oldest first. */
    public Iterator<MatchedPair> iterator() {
        return pairs.iterator();
    }

    public void clear() {
        pairs.clear();
        reset();
        removalsSinceExact = 0;
    }

    /** Whether the window takes {@code p} at all; every pair by default. */
    protected boolean accepts(MatchedPair p) {
        return true;
    }

    /** Adds a pair just taken into the window to the running state. */
    protected abstract void added(MatchedPair p);

    /** Takes a pair just removed from the window out of the running state. */
    protected abstract void removed(MatchedPair p);

    /** Zeroes the running state. */
    protected abstract void reset();

    private void remove(MatchedPair p) {
        removed(p);
        if (++removalsSinceExact > Math.max(1000, pairs.size())) {
            reset();
            for (MatchedPair q : pairs) {
                added(q);
            }
            removalsSinceExact = 0;
        }
    }
}
