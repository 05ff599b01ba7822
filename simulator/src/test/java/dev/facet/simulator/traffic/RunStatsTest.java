package dev.facet.simulator.traffic;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunStatsTest {

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void theRoundTripRunsFromSendToResponseAndTheDelayBeforeTheSendIsLateness() {
        RunStats stats = new RunStats(() -> ms(10_000), ms(10));
        stats.begin(ms(1_000));
        // due at 1.000 s, sent 400 ms late, answered 2 ms after the send
        stats.sent(ms(1_000), ms(1_400));
        stats.answered(ms(1_400), ms(1_402));
        // due at 1.010 s, sent on time, answered 3 ms later
        stats.sent(ms(1_010), ms(1_010));
        stats.answered(ms(1_010), ms(1_013));

        Snapshot s = stats.snapshot();
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.roundTrip().count()).isEqualTo(2);
        assertThat(s.roundTrip().maxMs()).isCloseTo(3, within(0.01));
        assertThat(s.roundTrip().p50Ms()).isCloseTo(2, within(0.01));
        assertThat(s.lateness().maxMs()).isCloseTo(400, within(0.5));
        assertThat(s.lateness().p50Ms()).isZero();
        assertThat(s.elapsedSeconds()).isCloseTo(9.0, within(1e-9));
    }

    @Test
    void beforeTheScheduleStartsTheRunShowsNoTime() {
        RunStats stats = new RunStats(() -> ms(5_000), ms(10));
        assertThat(stats.snapshot().elapsedSeconds()).isZero();
        assertThat(stats.snapshot().sent()).isZero();
    }

    @Test
    void theSummaryNamesTheClientsRoundTripAndItsLatenessSoNeitherReadsAsTheServersLatency() {
        RunStats stats = new RunStats(() -> ms(2_000), ms(10));
        stats.begin(ms(1_000));
        stats.sent(ms(1_000), ms(1_250));
        stats.answered(ms(1_250), ms(1_254));
        Snapshot s = stats.snapshot();
        assertThat(s.summary())
                .contains("client     round trip, send to response (server + network + connection pool, not the server's own time):"
                        + " p50 4.00 ms, p90 4.00 ms, p99 4.00 ms")
                .contains("client     lateness, this client's own delay behind the schedule (not in the round trip): p99 250.")
                .doesNotContain("from scheduled send");
        assertThat(s.line()).contains("client round trip p50 4.00 ms p99 4.00 ms");
    }
}
