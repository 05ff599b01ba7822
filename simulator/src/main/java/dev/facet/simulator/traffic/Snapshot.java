package dev.facet.simulator.traffic;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The counters of a run at one moment. Latency percentiles are in milliseconds, measured from each request's
 * scheduled send time to its response; {@code histogram} holds every latency in microseconds.
 */
public record Snapshot(double elapsedSeconds, double sendSeconds, long sent, long ok, long clientErrors, long serverErrors,
                       long transportErrors, long badSent, long badRejected, long badAccepted, long feedbackSent,
                       long feedbackOk, long feedbackRejected, long feedbackFailed, long abandoned,
                       long measured, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                       Histogram histogram) {

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
                "%6.1fs sent %d ok %d 4xx %d 5xx %d err %d | %.1f req/s | p50 %.2f ms p99 %.2f ms | feedback %d/%d",
                elapsedSeconds, sent, ok, clientErrors, serverErrors, transportErrors, achievedRate(), p50Ms, p99Ms,
                feedbackOk, feedbackSent);
    }

    /** The final summary, several lines. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "requests   sent %d in %.1f s (%.1f req/s; run %.1f s with drain): ok %d, 4xx %d, 5xx %d, transport errors %d%n",
                sent, sendSeconds, achievedRate(), elapsedSeconds, ok, clientErrors, serverErrors, transportErrors));
        s.append(String.format(Locale.ROOT, "latency    from scheduled send: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d responses)%n",
                p50Ms, p90Ms, p99Ms, p999Ms, maxMs, measured));
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
