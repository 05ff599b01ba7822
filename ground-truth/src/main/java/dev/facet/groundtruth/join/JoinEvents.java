package dev.facet.groundtruth.join;

import dev.facet.groundtruth.quality.MatchedPair;

import java.util.Locale;

/**
 * What the joiner reports. {@code counted} is false for outcomes the previous incarnation of the joiner already
 * reported (records it had processed, replayed to rebuild state): counters skip those, state does not.
 */
public interface JoinEvents {

    /** Why a feedback found no prediction: a bounded set, used as a metric label. */
    enum Unmatched {
        /** no prediction with this id was seen within the retention plus grace */
        UNKNOWN,
        /** the prediction was older than the retention when its actual arrived */
        EXPIRED,
        /** the prediction was dropped from memory at the pending cap */
        EVICTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which pending map an entry left. */
    enum Side {
        PREDICTION, FEEDBACK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    void matched(MatchedPair pair, boolean counted);

    /**
     * A joined pair whose actual the prediction's model cannot take (a label it does not have, a number for a
     * classifier): counted and dropped. Found at join time when the prediction had not arrived when the actual was
     * accepted; otherwise the feedback API refused it with a 400.
     */
    void invalid(MatchedPair pair, boolean counted);

    void duplicate(boolean counted);

    void unmatched(Unmatched reason, boolean counted);

    /** A pending entry left memory without a match: {@code cap} when the memory cap forced it out. */
    void evicted(Side side, boolean atCap, boolean counted);
}
