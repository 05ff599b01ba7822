package dev.facet.groundtruth.state;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.groundtruth.join.JoinEvents.Side;
import dev.facet.groundtruth.join.JoinEvents.Unmatched;
import dev.facet.groundtruth.join.Joiner;
import dev.facet.groundtruth.quality.ConceptDriftPolicy;
import dev.facet.groundtruth.quality.DriftStatus;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.ModelSnapshot;
import dev.facet.groundtruth.quality.RecentPairs;
import dev.facet.groundtruth.quality.RegressionSnapshot;
import dev.facet.groundtruth.quality.WindowStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The joiner's sink: what it counts, what it publishes, and what replayed outcomes leave alone. */
class QualityStateTest {

    private static final ConceptDriftPolicy POLICY = new ConceptDriftPolicy(100, 150, 0.1, 80, 1.25, 12.5, 900, 50);
    private static final MatchedPair PAIR = MatchedPair.regression("a", 1_000, 61_000, 500, 450);

    private final QualityState state = new QualityState(snapshot(0, false), List.of("predictions", "ground-truth"),
            new RecentPairs(10), id -> Optional.empty());

    private static Map<String, ModelSnapshot> snapshot(long at, boolean drift) {
        DriftStatus status = new DriftStatus(1, 1, 1.25, drift, 0, 900, 12.5, false, drift);
        return Map.of("m", new RegressionSnapshot("m", "1", at, 500, 3600, WindowStats.EMPTY, WindowStats.EMPTY, 0,
                POLICY, status));
    }

    @Test
    void onlyCountedOutcomesAreCounted() {
        state.matched(PAIR, true);
        state.matched(PAIR, false);
        state.duplicate(true);
        state.duplicate(false);
        state.unmatched(Unmatched.EXPIRED, true);
        state.unmatched(Unmatched.EXPIRED, false);
        state.unmatched(Unmatched.UNKNOWN, false);
        state.evicted(Side.FEEDBACK, true, true);
        state.evicted(Side.FEEDBACK, false, false);

        assertThat(state.matchedCount()).isEqualTo(1);
        assertThat(state.matchedCount("m")).isEqualTo(1);
        assertThat(state.matchedCount("other")).isZero();
        assertThat(state.duplicateCount()).isEqualTo(1);
        assertThat(state.unmatchedCount(Unmatched.EXPIRED)).isEqualTo(1);
        assertThat(state.unmatchedCount(Unmatched.UNKNOWN)).isZero();
        assertThat(state.evictedCount(Side.FEEDBACK, true)).isEqualTo(1);
        assertThat(state.evictedCount(Side.FEEDBACK, false)).isZero();
        assertThat(state.evictedCount(Side.PREDICTION, true)).isZero();
    }

    @Test
    void theMatchListenerHearsOnlyCountedMatches() {
        List<MatchedPair> heard = new ArrayList<>();
        state.onCountedMatch(heard::add);
        state.matched(PAIR, false);
        state.matched(PAIR, true);
        assertThat(heard).containsExactly(PAIR);
    }

    @Test
    void aPublishedBatchIsWhatReadersSee() {
        Joiner.Stats stats = new Joiner.Stats(3, 2, 1, 0);
        Map<String, ModelSnapshot> s = snapshot(42, false);
        state.published(s, stats, true);
        assertThat(state.snapshots()).isSameAs(s);
        assertThat(state.snapshot("m")).containsSame(s.get("m"));
        assertThat(state.joinStats()).isEqualTo(stats);
        assertThat(state.replaying()).isTrue();
    }

    @Test
    void anAlarmIsCountedOnceWhenTheFlagRisesOutsideAReplay() {
        Joiner.Stats stats = new Joiner.Stats(0, 0, 0, 0);
        state.published(snapshot(1, true), stats, true); // rebuilt by replay: the previous incarnation counted it
        state.published(snapshot(2, false), stats, false);
        state.published(snapshot(3, true), stats, false);
        state.published(snapshot(4, true), stats, false); // still up: the same alarm
        assertThat(state.alarmCount("m")).isEqualTo(1);
    }

    @Test
    void malformedRecordsAreCountedByTopicAndReasonAndOtherTopicsIgnored() {
        state.malformed("predictions", EventFormatException.Reason.MALFORMED_JSON);
        state.malformed("elsewhere", EventFormatException.Reason.MALFORMED_JSON);
        assertThat(state.malformedCount("predictions", EventFormatException.Reason.MALFORMED_JSON)).isEqualTo(1);
        assertThat(state.malformedCount("ground-truth", EventFormatException.Reason.MALFORMED_JSON)).isZero();
        assertThat(state.malformedCount("elsewhere", EventFormatException.Reason.MALFORMED_JSON)).isZero();
    }

    @Test
    void acceptedFeedbackAddsUp() {
        state.feedbackReceived(3);
        state.feedbackReceived(2);
        assertThat(state.receivedCount()).isEqualTo(5);
    }
}
