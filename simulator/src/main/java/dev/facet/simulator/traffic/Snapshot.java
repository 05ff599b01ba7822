package dev.facet.simulator.traffic;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The counters of a run at one moment, with two latency distributions (see {@link RunStats}): {@code roundTrip}
 * from handing each request to the HTTP client to its response, and {@code lateness} from each request's
 * scheduled time to that hand-over, the generator's own delay.
 */
public record Snapshot(double elapsedSeconds, double sendSeconds, long sent, long ok, long clientErrors, long serverErrors,
                       long transportErrors, long badSent, long badRejected, long badAccepted, long feedbackSent,
                       long feedbackOk, long feedbackRejected, long feedbackFailed, long abandoned,
                       Latency roundTrip, Latency lateness) {

    /** Percentiles in milliseconds of one distribution; {@code histogram} holds every value in microseconds. */
    public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                          Histogram histogram) {

        static Latency of(Histogram h) {
            return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h.copy());
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** Requests actually sent per second over the sending window (compare with the offered rate). */
    public double achievedRate() {
        return sendSeconds > 0 ? sent / sendSeconds : 0;
    }

    /**
     * True when the run found a fault: a 5xx or a transport error (timeouts, refused connections, abandoned
     * requests) on either endpoint, or an invalid request the server accepted.
     */
    public boolean failed() {
        return serverErrors > 0 || transportErrors > 0 || feedbackFailed > 0 || abandoned > 0 || badAccepted > 0;
    }

    /** The live one-liner. */
    public String line() {
        return String.format(Locale.ROOT,
                "%6.1fs sent %d ok %d 4xx %d 5xx %d err %d | %.1f req/s | client round trip p50 %.2f ms p99 %.2f ms | feedback %d/%d",
                elapsedSeconds, sent, ok, clientErrors, serverErrors, transportErrors, achievedRate(), roundTrip.p50Ms(),
                roundTrip.p99Ms(), feedbackOk, feedbackSent);
    }

    /** The final summary, several lines. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "requests   sent %d in %.1f s (%.1f req/s; run %.1f s with drain): ok %d, 4xx %d, 5xx %d, transport errors %d%n",
                sent, sendSeconds, achievedRate(), elapsedSeconds, ok, clientErrors, serverErrors, transportErrors));
        s.append(String.format(Locale.ROOT, "client     round trip, send to response (server + network + connection pool, not the server's own time):"
                        + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d responses)%n",
                roundTrip.p50Ms(), roundTrip.p90Ms(), roundTrip.p99Ms(), roundTrip.p999Ms(), roundTrip.maxMs(), roundTrip.count()));
        s.append(String.format(Locale.ROOT, "client     lateness, this client's own delay behind the schedule (not in the round trip):"
                        + " p99 %.2f ms, max %.2f ms%n", lateness.p99Ms(), lateness.maxMs()));
        if (badSent > 0) {
            s.append(String.format(Locale.ROOT, "bad input  sent %d: rejected with 400 %d, NOT rejected %d%n",
                    badSent, badRejected, badAccepted));
        }
        s.append(String.format(Locale.ROOT, "feedback   sent %d: accepted %d, 4xx %d, failed %d%n",
                feedbackSent, feedbackOk, feedbackRejected, feedbackFailed));
        if (abandoned > 0) {
            s.append("abandoned  ").append(abandoned).append(" requests or feedbacks still pending at the drain timeout\n");
        }
        s.append(failed() ? "result     FAILED (5xx, transport errors, or invalid input accepted)" : "result     ok");
        return s.toString();
    }
}
