package dev.facet.groundtruth.quality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QualityBookTest {

    /** A tracker that records what it was given; its snapshot is not needed here. */
    private static final class Recording implements ModelTracker {
        final List<String> ids = new ArrayList<>();

        @Override
        public boolean add(MatchedPair p) {
            if (ids.contains(p.predictionId())) {
                return false;
            }
            ids.add(p.predictionId());
            return true;
        }

        @Override
        public void reset() {
            ids.clear();
        }

        @Override
        public ModelSnapshot evaluate(long nowMillis) {
            throw new UnsupportedOperationException();
        }
    }

    private static MatchedPair pair(String model, String id, long at) {
        return new MatchedPair(id, at, at, model, "1", 1.0, null, null, Actual.value(2.0), null);
    }

    @Test
    void pairsOfTwoModelsInAnyOrderReachTheirOwnModelsTrackerAndTheRecentPairs() {
        Map<String, Recording> made = new HashMap<>();
        QualityBook<String> book = new QualityBook<>(m -> made.computeIfAbsent(m, n -> new Recording()), m -> m, 10);

        book.add(pair("a", "a1", 1), "a");
        book.add(pair("a", "a2", 2), "a");
        book.add(pair("b", "b1", 3), "b");
        book.add(pair("a", "a3", 4), "a");
        book.add(pair("b", "b2", 5), "b");
        book.add(pair("b", "b2", 5), "b"); // a replayed pair: not new, not recent again

        assertThat(made.get("a").ids).containsExactly("a1", "a2", "a3");
        assertThat(made.get("b").ids).containsExactly("b1", "b2");
        assertThat(book.recent().between("a", 0, 100)).extracting(MatchedPair::predictionId)
                .containsExactly("a1", "a2", "a3");
        assertThat(book.recent().between("b", 0, 100)).extracting(MatchedPair::predictionId)
                .containsExactly("b1", "b2");
    }
}
