package dev.facet.drift.history;

import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.drift.stats.Evaluation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Which windows reach the history: every count window; a time window once a span, plus the last before its model
 * goes quiet. A time window judged every 10 s under steady traffic for an hour must not leave 360 overlapping
 * events, and the history must still end with the verdict {@code /drift} shows.
 */
class DriftHistoryThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration SPAN = Duration.ofMinutes(5);

    private final List<EvaluationEvent> published = new ArrayList<>();
    private final DriftHistory history = new DriftHistory((key, bytes) -> {
        EvaluationEvent e = decode(bytes);
        assertThat(key).isEqualTo(e.modelName());
        return published.add(e);
    }, SPAN, Runnable::run);

    private static EvaluationEvent decode(byte[] bytes) {
        try {
            return EvaluationCodec.decode(bytes);
        } catch (EventFormatException e) {
            throw new AssertionError("the history wrote an event its own codec refuses", e);
        }
    }

    @Test
    void steadyTrafficPublishesATimeWindowOnceASpanAndEveryCountWindow() {
        // an hour of rounds every 10 s, the time window re-judged each round, a count window every minute
        for (int s = 0; s < 3600; s += 10) {
            Instant round = T0.plusSeconds(s);
            history.record(evaluation("diamonds", "time", round.plusMillis(5)));
            if (s % 60 == 0) {
                history.record(evaluation("diamonds", "count", round.plusMillis(7)));
            }
            history.settle(round);
        }
        assertThat(published.stream().filter(e -> e.window().equals("count"))).hasSize(60);
        List<Instant> times = published.stream().filter(e -> e.window().equals("time"))
                .map(EvaluationEvent::evaluatedAt).toList();
        assertThat(times).hasSize(12);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).isEqualTo(SPAN);
        }
    }

    @Test
    void theLastVerdictBeforeAModelGoesQuietIsPublished() {
        history.record(evaluation("penguins", "time", T0.plusMillis(5)));         // the first: published at once
        history.record(evaluation("penguins", "time", T0.plusSeconds(10)));       // held back: within the span
        history.record(evaluation("diamonds", "time", T0.plusSeconds(10)));       // another model's first
        Instant last = T0.plusSeconds(20).plusMillis(5);
        history.record(evaluation("penguins", "time", last));                     // replaces the held-back one
        history.settle(T0.plusSeconds(20));
        assertThat(published).extracting(EvaluationEvent::evaluatedAt).as("re-judged in this round: still held")
                .containsExactly(T0.plusMillis(5), T0.plusSeconds(10));
        history.settle(T0.plusSeconds(30));                                      // a round with nothing new
        assertThat(published).extracting(EvaluationEvent::modelName, EvaluationEvent::evaluatedAt)
                .last().isEqualTo(tuple("penguins", last));
        assertThat(published).hasSize(3);
        history.settle(T0.plusSeconds(40));
        assertThat(published).as("published once").hasSize(3);
    }

    @Test
    void versionsAreThrottledApart() {
        history.record(evaluation("penguins", "time", T0, "1"));
        history.record(evaluation("penguins", "time", T0.plusSeconds(10), "2"));
        assertThat(published).extracting(EvaluationEvent::modelVersion).containsExactly("1", "2");
    }

    private static Evaluation evaluation(String model, String window, Instant at) {
        return evaluation(model, window, at, "1");
    }

    private static Evaluation evaluation(String model, String window, Instant at, String version) {
        return new Evaluation(model, version, window, at, 10, false, "window holds 10 events", at.minusSeconds(1),
                at, Map.of(0, new long[] {0, 9}), List.of(), 0, 0, 0.1, false, "holm", 0.01, List.of());
    }
}
