package dev.facet.simulator.traffic;

import java.net.URI;
import java.time.Duration;

/**
 * What to send, where and how fast: validated once, then read by the event loops.
 *
 * @param servingUrl     base URL of serving
 * @param groundTruthUrl base URL of ground-truth; feedback goes to {@code <groundTruthUrl>/feedback}
 * @param rate           offered requests per second (open loop)
 * @param total          number of requests in the run (from --count and/or --rate x --duration)
 * @param feedbackDelay  time from a prediction's response to posting its actual
 * @param feedbackShare  share of predictions that get ground truth, in [0, 1]
 * @param connections    HTTP/1.1 connections per event loop to each server
 * @param instances      event loops generating load (each sends every instances-th request)
 * @param timeout        per-request timeout; a timeout counts as a transport error
 * @param drainTimeout   how long to wait after the last send for responses and pending feedback
 * @param seed           seed of every random choice, so a run is reproducible
 * @param feedbackToken  bearer token for ground-truth's writes; empty when they are open
 * @param model          the model's name: requests go to {@code /models/<model>/predict}; empty: the default
 *                       model's original {@code /predict}
 */
public record TrafficPlan(URI servingUrl, URI groundTruthUrl, double rate, long total, Duration feedbackDelay,
                          double feedbackShare, int connections, int instances, Duration timeout,
                          Duration drainTimeout, long seed, String feedbackToken, String model) {

    /** A plan for serving's default model, on its original {@code /predict}. */
    public TrafficPlan(URI servingUrl, URI groundTruthUrl, double rate, long total, Duration feedbackDelay,
                       double feedbackShare, int connections, int instances, Duration timeout,
                       Duration drainTimeout, long seed, String feedbackToken) {
        this(servingUrl, groundTruthUrl, rate, total, feedbackDelay, feedbackShare, connections, instances, timeout,
                drainTimeout, seed, feedbackToken, "");
    }

    public TrafficPlan {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number > 0 requests/s, got " + rate);
        }
        if (total < 1) {
            throw new IllegalArgumentException("a run needs at least one request, got " + total);
        }
        if (!(feedbackShare >= 0 && feedbackShare <= 1)) {
            throw new IllegalArgumentException("feedback share must be in [0, 1], got " + feedbackShare);
        }
        if (feedbackDelay.isNegative()) {
            throw new IllegalArgumentException("feedback delay must be >= 0, got " + feedbackDelay);
        }
        feedbackToken = feedbackToken == null ? "" : feedbackToken.trim();
        if (connections < 1 || instances < 1) {
            throw new IllegalArgumentException("connections and instances must be >= 1");
        }
        model = model == null ? "" : model;
        if (!model.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("a model name is letters, digits, . _ and -, got " + model);
        }
        servingUrl = trimSlash(servingUrl);
        groundTruthUrl = trimSlash(groundTruthUrl);
    }

    /** Requests in a run bounded by a count, a duration, or both (whichever ends it first). */
    public static long total(double rate, Duration duration, Long count) {
        long byDuration = duration == null ? Long.MAX_VALUE : (long) Math.ceil(rate * duration.toNanos() / 1e9);
        long byCount = count == null ? Long.MAX_VALUE : count;
        long total = Math.min(byDuration, byCount);
        if (total == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a run must be bounded: give a duration, a count, or both");
        }
        return total;
    }

    /** This plan, its requests going to {@code /models/<model>/predict}. */
    public TrafficPlan forModel(String name) {
        return new TrafficPlan(servingUrl, groundTruthUrl, rate, total, feedbackDelay, feedbackShare, connections,
                instances, timeout, drainTimeout, seed, feedbackToken, name);
    }

    /** Nanoseconds between consecutive scheduled sends. */
    public double intervalNanos() {
        return 1e9 / rate;
    }

    public String predictUrl() {
        return servingUrl + (model.isEmpty() ? "" : "/models/" + model) + "/predict";
    }

    /** Where the generators warm their client up before the schedule starts: cheap, and no prediction. */
    public String warmUpUrl() {
        return servingUrl + "/health/live";
    }

    public String feedbackUrl() {
        return groundTruthUrl + "/feedback";
    }

    private static URI trimSlash(URI u) {
        String s = u.toString();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("URL must start with http:// or https://, got " + s);
        }
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }
}
