package dev.facet.groundtruth.quality;

/** The rolling windows and drift tests of one model; owned by the joiner's thread, not thread-safe. */
public interface ModelTracker {

    /**
     * Adds a pair of this model; a pair already present is ignored (a replayed join is not counted twice).
     *
     * @return whether the pair was new
     */
    boolean add(MatchedPair p);

    void reset();

    /** Drops what left the time window and evaluates everything. */
    ModelSnapshot evaluate(long nowMillis);
}
