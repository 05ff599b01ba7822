package dev.facet.groundtruth.metrics;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.groundtruth.join.JoinEvents.Side;
import dev.facet.groundtruth.join.JoinEvents.Unmatched;
import dev.facet.groundtruth.quality.QualitySnapshot;
import dev.facet.groundtruth.quality.WindowStats;
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
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of the ground-truth service (names as Prometheus shows them are in the README).
 *
 * <p>Gauges and the counters of the joiner's outcomes read {@link QualityState} at scrape time; this class holds
 * no state a route reads. It is told only what is a meter and nothing else: the label delay of each counted match
 * (a histogram needs every value), and the HTTP side's refusals and invalid fields. Label values are bounded:
 * {@code field} is one of the request's three fields, {@code unknown_field} or {@code body}; {@code window} is
 * {@code count} or {@code time}; {@code cut} one of the five cuts.
 */
public final class QualityMetrics {

    /** The {@code field} label values of {@code feedback_invalid_total}. */
    public static final Set<String> INVALID_FIELDS =
            Set.of("prediction_id", "actual_price", "observed_at", "unknown_field", "body");

    /** The {@code reason} label values of {@code http_requests_refused_total}. */
    public static final List<String> REFUSALS = List.of("unauthorized", "in_flight_limit", "timeout", "slow_upload");

    private final Map<String, Counter> invalid = new HashMap<>();
    private final Timer labelDelay;
    private final Map<String, Counter> refused = new HashMap<>();
    private final MeterRegistry registry;
    private final QualityState state;

    /**
     * Registers every meter on {@code registry} and subscribes the label-delay histogram to the counted matches
     * of {@code state}.
     *
     * @param topics the topics whose unreadable records are counted
     */
    public QualityMetrics(MeterRegistry registry, QualityState state, List<String> topics) {
        this.registry = registry;
        this.state = state;
        FunctionCounter.builder("feedback.received", state, QualityState::receivedCount)
                .description("Actual prices accepted by POST /feedback and /feedback/batch and handed to Kafka")
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
        FunctionCounter.builder("join.matched", state, QualityState::matchedCount)
                .description("Predictions joined with their actual price").register(registry);
        for (Side side : Side.values()) {
            for (boolean atCap : new boolean[] {false, true}) {
                FunctionCounter.builder("join.evicted", state, s -> s.evictedCount(side, atCap))
                        .tag("side", side.label()).tag("reason", atCap ? "cap" : "expired")
                        .description("Waiting entries that left memory without a match: expired (waited out the "
                                + "retention) or cap (the oldest, when join.max.pending was reached)")
                        .register(registry);
            }
        }
        labelDelay = Timer.builder("feedback.label.delay")
                .description("Time from a prediction to the receipt of its actual price, for matched pairs")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(30))
                .register(registry);
        state.onCountedMatch(pair ->
                labelDelay.record(Duration.ofMillis(Math.max(0, pair.receivedAtMillis() - pair.predictedAtMillis()))));
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
        FunctionCounter.builder("concept.drift.alarms", state, QualityState::alarmCount)
                .description("Times the concept-drift flag went from 0 to 1").register(registry);

        Gauge.builder("join.pending.predictions", state, s -> s.joinStats().pendingPredictions())
                .description("Predictions waiting for their actual price").register(registry);
        Gauge.builder("join.pending.feedback", state, s -> s.joinStats().pendingFeedback())
                .description("Actual prices waiting for their prediction").register(registry);
        Gauge.builder("join.state", state, s -> s.joinStats().estimatedBytes()).baseUnit("bytes")
                .description("Estimated heap held by the join (waiting entries, matched ids, tombstones)")
                .register(registry);
        Gauge.builder("join.replaying", state, s -> s.replaying() ? 1 : 0)
                .description("1 while the joiner rebuilds its state by replaying the topics after a (re)start")
                .register(registry);

        for (String window : List.of("count", "time")) {
            windowGauge("quality.mae", "usd", window, WindowStats::mae,
                    "Mean absolute error of the matched pairs in the window (USD)");
            windowGauge("quality.rmse", "usd", window, WindowStats::rmse,
                    "Root mean squared error of the matched pairs in the window (USD)");
            windowGauge("quality.mape", "ratio", window, WindowStats::mape,
                    "Mean absolute percentage error of the matched pairs in the window, as a fraction");
            windowGauge("quality.bias", "usd", window, WindowStats::bias,
                    "Mean error, predicted minus actual, of the matched pairs in the window (USD)");
            windowGauge("quality.window.pairs", null, window, s -> s.pairs(),
                    "Matched pairs in the window");
            Gauge.builder("quality.mae.ratio", state, st -> {
                        QualitySnapshot s = st.snapshot();
                        return window(s, window).mae() / s.baseline().baselineMae();
                    }).tag("window", window)
                    .description("MAE of the window divided by the held-out MAE of the model bundle")
                    .register(registry);
            Gauge.builder("quality.rmse.ratio", state, st -> {
                        QualitySnapshot s = st.snapshot();
                        return window(s, window).rmse() / s.baseline().baselineRmse();
                    }).tag("window", window)
                    .description("RMSE of the window divided by the held-out RMSE of the model bundle")
                    .register(registry);
        }
        for (String cut : DiamondSchema.CUT.categories()) {
            Gauge.builder("quality.cut.mae", state, st -> st.snapshot().byCut().get(cut).mae()).baseUnit("usd")
                    .tag("cut", cut)
                    .description("MAE of the last quality.window.count matched pairs of this cut (USD)")
                    .register(registry);
            Gauge.builder("quality.cut.window.pairs", state, st -> st.snapshot().byCut().get(cut).pairs())
                    .tag("cut", cut).description("Matched pairs in the per-cut count window").register(registry);
        }
        Gauge.builder("quality.baseline.mae", state, st -> st.snapshot().baseline().baselineMae()).baseUnit("usd")
                .description("MAE of the model on its held-out rows (the concept-drift baseline)").register(registry);
        Gauge.builder("quality.baseline.rmse", state, st -> st.snapshot().baseline().baselineRmse()).baseUnit("usd")
                .description("RMSE of the model on its held-out rows").register(registry);
        Gauge.builder("quality.baseline.mape", state, st -> st.snapshot().baseline().baselineMape()).baseUnit("ratio")
                .description("MAPE of the model on its held-out rows, as a fraction").register(registry);
        Gauge.builder("concept.drift.detected", state, st -> st.snapshot().drift().detected() ? 1 : 0)
                .description("1 when the ratio test or the Page-Hinkley test signals sustained degradation")
                .register(registry);
        Gauge.builder("concept.drift.mae.ratio.threshold", state, st -> st.snapshot().drift().threshold())
                .description("quality_mae_ratio at or above which a full count window raises the flag")
                .register(registry);
        Gauge.builder("concept.drift.page.hinkley", state, st -> st.snapshot().drift().pageHinkley()).baseUnit("usd")
                .description("Page-Hinkley statistic of the absolute error over the last pairs (USD)")
                .register(registry);
        Gauge.builder("concept.drift.page.hinkley.threshold", state, st -> st.snapshot().drift().pageHinkleyLambda())
                .baseUnit("usd").description("Page-Hinkley alarm threshold lambda (USD)").register(registry);
    }

    private void windowGauge(String name, String unit, String window, ToDoubleFunction<WindowStats> value,
                             String help) {
        Gauge.Builder<QualityState> b = Gauge.builder(name, state,
                        st -> value.applyAsDouble(window(st.snapshot(), window)))
                .tag("window", window).description(help);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private static WindowStats window(QualitySnapshot s, String window) {
        return "count".equals(window) ? s.countWindow() : s.timeWindow();
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
