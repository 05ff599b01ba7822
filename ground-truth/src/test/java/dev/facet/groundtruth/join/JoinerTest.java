package dev.facet.groundtruth.join;

import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.groundtruth.quality.Actual;
import dev.facet.groundtruth.quality.MatchedPair;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class JoinerTest {

    private static final long R = 10_000;
    private static final long G = 1_000;

    /** Records what the joiner reports, counted or not. */
    static final class Recorder implements JoinEvents {
        final List<MatchedPair> pairs = new ArrayList<>();
        final Map<Unmatched, Integer> unmatched = new EnumMap<>(Unmatched.class);
        int duplicates;
        int evictedExpired;
        int evictedCap;
        int uncounted;
        final List<MatchedPair> invalid = new ArrayList<>();

        @Override
        public void matched(MatchedPair pair, boolean counted) {
            pairs.add(pair);
            uncounted += counted ? 0 : 1;
        }

        @Override
        public void invalid(MatchedPair pair, boolean counted) {
            invalid.add(pair);
        }

        @Override
        public void duplicate(boolean counted) {
            duplicates++;
        }

        @Override
        public void unmatched(Unmatched reason, boolean counted) {
            unmatched.merge(reason, 1, Integer::sum);
        }

        @Override
        public void evicted(Side side, boolean atCap, boolean counted) {
            if (atCap) {
                evictedCap++;
            } else {
                evictedExpired++;
            }
        }
    }

    /** A regression's prediction event of {@code value}; equal for equal values, as pairs are compared. */
    static ModelPredictionEvent reg(double value) {
        return new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, "00000000-0000-0000-0000-000000000000",
                java.time.Instant.EPOCH, "m", "1", ModelPredictionEvent.REGRESSION, Map.of(), value, null, null);
    }

    static MatchedPair pair(String id, long predictedAt, long receivedAt, double predicted, double actual) {
        return new MatchedPair(id, predictedAt, receivedAt, reg(predicted), Actual.value(actual));
    }

    private final Recorder events = new Recorder();
    private final List<MatchedPair> sink = new ArrayList<>();
    private final Joiner joiner = new Joiner(R, G, 1000, events, sink::add);

    @Test
    void feedbackAfterItsPredictionJoins() {
        joiner.onPrediction("a", 1000, 1000, reg(500), true);
        joiner.onFeedback("a", Actual.value(450), 5000, true);
        assertThat(sink).containsExactly(pair("a", 1000, 5000, 500, 450));
        assertThat(joiner.stats().pendingPredictions()).isZero();
    }

    @Test
    void feedbackBeforeItsPredictionWaitsAndJoins() {
        joiner.onFeedback("a", Actual.value(450), 5000, true);
        assertThat(joiner.stats().pendingFeedback()).isEqualTo(1);
        joiner.onPrediction("a", 1000, 5100, reg(500), true);
        assertThat(sink).containsExactly(pair("a", 1000, 5000, 500, 450));
        assertThat(joiner.stats().pendingFeedback()).isZero();
    }

    @Test
    void aSecondActualIsADuplicateWhetherTheFirstJoinedOrIsWaiting() {
        joiner.onPrediction("a", 1000, 1000, reg(500), true);
        joiner.onFeedback("a", Actual.value(450), 2000, true);
        joiner.onFeedback("a", Actual.value(460), 3000, true);
        joiner.onFeedback("b", Actual.value(10), 3000, true);
        joiner.onFeedback("b", Actual.value(11), 3001, true);
        assertThat(sink).hasSize(1);
        assertThat(events.duplicates).isEqualTo(2);
    }

    @Test
    void feedbackForAnUnknownIdIsReportedUnknownAfterTheGrace() {
        joiner.onFeedback("x", Actual.value(450), 5000, true);
        joiner.sweep(5000 + G);
        assertThat(events.unmatched).isEmpty();
        joiner.sweep(5000 + G + 1);
        assertThat(events.unmatched).containsEntry(JoinEvents.Unmatched.UNKNOWN, 1);
        assertThat(joiner.stats().pendingFeedback()).isZero();
    }

    @Test
    void feedbackLaterThanTheRetentionIsExpiredWhetherThePredictionIsStillHeldOrAlreadyEvicted() {
        joiner.onPrediction("a", 1000, 1000, reg(500), true);
        joiner.onFeedback("a", Actual.value(450), 1000 + R + 1, true);
        joiner.onPrediction("b", 1000, 1000, reg(500), true);
        joiner.sweep(1000 + R + G + 1);
        assertThat(events.evictedExpired).isEqualTo(1);
        joiner.onFeedback("b", Actual.value(450), 1000 + R + G + 2, true);
        assertThat(events.unmatched).containsEntry(JoinEvents.Unmatched.EXPIRED, 2);
        assertThat(sink).isEmpty();
    }

    @Test
    void atTheCapTheOldestPredictionIsEvictedAndItsLateActualReportedEvicted() {
        Joiner small = new Joiner(R, G, 2, events, sink::add);
        small.onPrediction("a", 1, 1, reg(1), true);
        small.onPrediction("b", 2, 2, reg(1), true);
        small.onPrediction("c", 3, 3, reg(1), true);
        assertThat(small.stats().pendingPredictions()).isEqualTo(2);
        assertThat(events.evictedCap).isEqualTo(1);
        small.onFeedback("a", Actual.value(5), 10, true);
        assertThat(events.unmatched).containsEntry(JoinEvents.Unmatched.EVICTED, 1);
        small.onFeedback("c", Actual.value(5), 10, true);
        assertThat(sink).extracting(MatchedPair::predictionId).containsExactly("c");
    }

    @Test
    void aPredictionArrivingAfterItsActualStoppedWaitingDoesNotJoin() {
        joiner.onFeedback("a", Actual.value(450), 5000, true);
        joiner.onPrediction("a", 4000, 5000 + G + 1, reg(500), true);
        assertThat(sink).isEmpty();
        assertThat(events.unmatched).containsEntry(JoinEvents.Unmatched.UNKNOWN, 1);
        assertThat(joiner.stats().pendingPredictions()).isEqualTo(1);
    }

    /** The heart of restart safety: any interleaving of the two topics gives the same joins. */
    @Property(tries = 50, seed = "20240131")
    void theJoinsDoNotDependOnHowTheTwoTopicsInterleave(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        Random random = new Random(seed);
        List<Runnable> predictions = new ArrayList<>();
        List<Runnable> feedbacks = new ArrayList<>();
        Recorder rec = new Recorder();
        List<MatchedPair> out = new ArrayList<>();
        Joiner j = new Joiner(R, G, 1000, rec, out::add);
        for (int i = 0; i < 200; i++) {
            String id = "id-" + i;
            long t = i * 100L;
            predictions.add(() -> j.onPrediction(id, t, t + 5, reg(1000 + t), true));
            int copies = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
            long received = t;
            for (int c = 0; c < copies; c++) {
                // a partition holds actuals in the order they were received
                received += random.nextInt((int) R);
                long r = received;
                feedbacks.add(() -> j.onFeedback(id, Actual.value(900), r, true));
            }
        }
        // merge the two ordered streams at random, as a consumer reading two partitions would
        int p = 0;
        int f = 0;
        while (p < predictions.size() || f < feedbacks.size()) {
            if (f == feedbacks.size() || (p < predictions.size() && random.nextBoolean())) {
                predictions.get(p++).run();
            } else {
                feedbacks.get(f++).run();
            }
        }
        Recorder ref = new Recorder();
        List<MatchedPair> expected = new ArrayList<>();
        Joiner k = new Joiner(R, G, 1000, ref, expected::add);
        predictions.clear();
        for (int i = 0; i < 200; i++) {
            long t = i * 100L;
            k.onPrediction("id-" + i, t, t + 5, reg(1000 + t), true);
        }
        Random again = new Random(seed);
        for (int i = 0; i < 200; i++) {
            long t = i * 100L;
            int copies = again.nextInt(4) == 0 ? 0 : 1 + again.nextInt(2);
            long received = t;
            for (int c = 0; c < copies; c++) {
                received += again.nextInt((int) R);
                k.onFeedback("id-" + i, Actual.value(900), received, true);
            }
        }
        assertThat(new TreeSet<>(out)).isEqualTo(new TreeSet<>(expected));
        assertThat(rec.duplicates).isEqualTo(ref.duplicates);
        assertThat(rec.unmatched).isEqualTo(ref.unmatched);
    }

    @Test
    void replayedRecordsRebuildStateWithoutBeingCountedAgain() {
        joiner.reset(100_000);
        joiner.onPrediction("a", 1000, 1000, reg(500), false);
        joiner.onFeedback("a", Actual.value(450), 2000, false);
        joiner.onFeedback("a", Actual.value(450), 2000, true);
        assertThat(sink).hasSize(1);
        assertThat(events.uncounted).isEqualTo(1);
        assertThat(events.duplicates).isEqualTo(1);
    }

    @Test
    void aJoinIsCountedWhenEitherHalfIsNewWhateverOrderTheHalvesArriveIn() {
        joiner.reset(0);
        joiner.onFeedback("a", Actual.value(450), 2000, true);          // new actual
        joiner.onPrediction("a", 1000, 1000, reg(500), false); // replayed prediction completes the join
        joiner.onPrediction("b", 1000, 1000, reg(500), false);
        joiner.onFeedback("b", Actual.value(450), 2000, false);         // both halves replayed: already counted before
        assertThat(sink).hasSize(2);
        assertThat(events.uncounted).isEqualTo(1);
    }

    @Test
    void aPairTheSinkRefusesIsReportedInvalidNotMatchedAndItsRepeatIsADuplicate() {
        Joiner refusing = new Joiner(R, G, 1000, events, p -> false);
        refusing.onPrediction("a", 1000, 1000, reg(500), true);
        assertThat(refusing.waitingModel("a")).contains("m");
        refusing.onFeedback("a", Actual.label("Adelie"), 2000, true);
        assertThat(refusing.waitingModel("a")).isEmpty();
        refusing.onFeedback("a", Actual.value(3), 2001, true);
        assertThat(events.invalid).extracting(MatchedPair::predictionId).containsExactly("a");
        assertThat(events.pairs).isEmpty();
        assertThat(events.duplicates).isEqualTo(1);
    }

    @Test
    void bytesPerWaitingPredictionAreWithinTheDocumentedEstimate() {
        int n = 200_000;
        List<byte[]> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)})
                    .toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        Joiner j = new Joiner(Long.MAX_VALUE / 4, 0, n, new Recorder(), p -> true);
        // one event for all: the entry's own cost is measured; the event (its features) is the decoder's
        ModelPredictionEvent event = reg(1000.0);
        // bytes this thread allocates while inserting: deterministic, unlike heap snapshots; it includes the
        // hash tables discarded on each resize (about 10 bytes per entry), so it slightly over-states the cost
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < n; i++) {
            // ids arrive as fresh strings from the decoder, as from Kafka
            j.onPrediction(new String(ids.get(i), java.nio.charset.StandardCharsets.ISO_8859_1), i, i, event, true);
        }
        double perEntry = (threads.getThreadAllocatedBytes(tid) - before) / (double) n;
        System.out.printf("measured %.0f bytes allocated per waiting prediction (documented estimate %d)%n",
                perEntry, Joiner.BYTES_PER_ENTRY);
        assertThat(j.stats().pendingPredictions()).isEqualTo(n);
        assertThat(perEntry).isBetween(Joiner.BYTES_PER_ENTRY * 0.75, Joiner.BYTES_PER_ENTRY * 1.25);
    }

}
