package dev.facet.groundtruth.metrics;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.groundtruth.join.JoinEvents.Side;
import dev.facet.groundtruth.join.JoinEvents.Unmatched;
import dev.facet.groundtruth.state.QualityState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Every meter of the ground-truth service (names as Prometheus shows them are in the README).
 *
 * <p>Gauges and the counters of the joiner's outcomes read {@link QualityState} at scrape time; this class holds
 * no state a route reads. It is told only what is a meter and nothing else: the label delay of each counted match
 * (a histogram needs every value), and the HTTP side's refusals and invalid fields. Label values are bounded:
 * {@code field} is one of the request's fields, {@code unknown_field} or {@code body}; {@code window} is
 * {@code count} or {@code time}; {@code model} one of the repository's models (a prediction of a model with no
 * bundle is counted without its name); {@code class}, {@code actual} and {@code predicted} one of a classifier's
 * labels. The per-model meters are registered when the model's first snapshot appears ({@link ModelMeters}).
 */
public final class QualityMetrics {

    /** The {@code field} label values of {@code feedback_invalid_total}. */
    public static final Set<String> INVALID_FIELDS =
            Set.of("prediction_id", "actual", "actual_price", "observed_at", "unknown_field", "body");

    /** The {@code reason} label values of {@code http_requests_refused_total}. */
    public static final List<String> REFUSALS = List.of("unauthorized", "in_flight_limit", "timeout", "slow_upload");

    private final Map<String, Counter> invalid = new HashMap<>();
    private final Map<String, Counter> refused = new HashMap<>();
    /**
     * The label-delay timer of each model, registered on its first pair: the builder and the registry's lookup
     * cost more than the recording, once a pair. Touched only by the joiner's thread (the counted-match listener).
     */
    private final Map<String, Timer> labelDelays = new HashMap<>();
    private final MeterRegistry registry;

    /**
     * Registers every meter on {@code registry} and subscribes the label-delay histogram to the counted matches
     * of {@code state}.
     *
     * @param topics the topics whose unreadable records are counted
     */
    public QualityMetrics(MeterRegistry registry, QualityState state, List<String> topics) {
        this.registry = registry;
        FunctionCounter.builder("feedback.received", state, QualityState::receivedCount)
                .description("Actuals accepted by POST /feedback and /feedback/batch and handed to Kafka")
                .register(registry);
        for (String field : INVALID_FIELDS) {
            invalid.put(field, Counter.builder("feedback.invalid").tag("field", field)
                    .description("Problems found in refused feedback requests, by field (unknown_field: a field "
                            + "we do not accept; body: not a JSON object or array of the right size)")
                    .register(registry));
        }
        FunctionCounter.builder("feedback.duplicate", state, QualityState::duplicateCount)
                .description("Feedback events for a prediction that already has its actual; counted, not joined")
                .register(registry);
        for (Unmatched reason : Unmatched.values()) {
            FunctionCounter.builder("feedback.unmatched", state, s -> s.unmatchedCount(reason))
                    .tag("reason", reason.label())
                    .description("Feedback events that found no prediction: unknown id, prediction older than "
                            + "the retention (expired), or dropped at the memory cap (evicted)")
                    .register(registry);
        }
        FunctionCounter.builder("join.predictions.skipped", state, QualityState::unknownModelCount)
                .tag("reason", "unknown_model")
                .description("Predictions of a model and version with no bundle in model.dir: counted and skipped "
                        + "(the bundle is looked for again after model.retry.seconds)").register(registry);
        for (Side side : Side.values()) {
            for (boolean atCap : new boolean[] {false, true}) {
                FunctionCounter.builder("join.evicted", state, s -> s.evictedCount(side, atCap))
                        .tag("side", side.label()).tag("reason", atCap ? "cap" : "expired")
                        .description("Waiting entries that left memory without a match: expired (waited out the "
                                + "retention) or cap (the oldest, when join.max.pending was reached)")
                        .register(registry);
            }
        }
        state.onCountedMatch(pair -> labelDelays.computeIfAbsent(pair.model(), this::labelDelay)
                .record(Math.max(0, pair.receivedAtMillis() - pair.predictedAtMillis()), TimeUnit.MILLISECONDS));
        for (String topic : topics) {
            for (EventFormatException.Reason reason : EventFormatException.Reason.values()) {
                FunctionCounter.builder("events.malformed", state, s -> s.malformedCount(topic, reason))
                        .tag("topic", topic).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                        .description("Records that could not be read as events, by topic and reason; sent to "
                                + "<topic>.dlq").register(registry);
            }
        }
        for (String reason : REFUSALS) {
            refused.put(reason, Counter.builder("http.requests.refused").tag("reason", reason)
                    .description("Requests refused before their handler ran: unauthorized (feedback write without "
                            + "the bearer token), in_flight_limit, timeout (not answered in time), slow_upload "
                            + "(body not received in time)").register(registry));
        }
        Gauge.builder("join.pending.predictions", state, s -> s.joinStats().pendingPredictions())
                .description("Predictions waiting for their actual price").register(registry);
        Gauge.builder("join.pending.feedback", state, s -> s.joinStats().pendingFeedback())
                .description("Actuals waiting for their prediction").register(registry);
        Gauge.builder("join.state", state, s -> s.joinStats().estimatedBytes()).baseUnit("bytes")
                .description("Estimated heap held by the join (waiting entries, matched ids, tombstones)")
                .register(registry);
        Gauge.builder("join.replaying", state, s -> s.replaying() ? 1 : 0)
                .description("1 while the joiner rebuilds its state by replaying the topics after a (re)start")
                .register(registry);

        state.onNewModel(model -> ModelMeters.register(registry, state, model));
    }

    /** The label-delay histogram of {@code model}; Micrometer returns the one registered before. */
    private Timer labelDelay(String model) {
        return Timer.builder("feedback.label.delay").tag("model", model)
                .description("Time from a prediction to the receipt of its actual, for matched pairs")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(30))
                .register(registry);
    }

    // ---- HTTP side ----

    /** A request refused before its handler; {@code reason} is one of {@link #REFUSALS}. */
    public void refused(String reason) {
        refused.get(reason).increment();
    }

    /**
     * The gauges of the HTTP guards, registered once the HTTP verticle knows them: whether feedback writes need
     * a token, and the requests in flight on the guarded routes.
     */
    public void httpGuards(boolean authEnabled, IntSupplier inFlight) {
        Gauge.builder("auth.enabled", () -> authEnabled ? 1 : 0)
                .description("1 when POST /feedback and /feedback/batch require the bearer token, 0 when writes are "
                        + "open (no auth.token configured)").register(registry);
        Gauge.builder("http.requests.in.flight", inFlight::getAsInt)
                .description("Feedback requests admitted and not yet answered (capped by limits.in.flight.max)")
                .register(registry);
    }

    /** @param field a request field path such as {@code [3].actual_price}; mapped to a bounded label */
    public void feedbackInvalid(String field) {
        String f = field == null ? "body" : field.replaceFirst("^\\[\\d+]\\.?", "");
        invalid.get(INVALID_FIELDS.contains(f) ? f : f.isEmpty() ? "body" : "unknown_field").increment();
    }
}
