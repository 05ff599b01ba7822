package dev.facet.groundtruth.metrics;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.groundtruth.join.JoinEvents;
import dev.facet.groundtruth.join.Joiner;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.QualitySnapshot;
import dev.facet.groundtruth.quality.WindowStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of the ground-truth service (names as Prometheus shows them are in the README).
 *
 * <p>Counters are thread-safe and incremented from the HTTP event loop and the joiner's thread; gauges read the
 * latest {@link QualitySnapshot} and join statistics, which the joiner's thread publishes through volatile
 * fields after each batch (immutable records, so a scrape sees one consistent state). Label values are bounded:
 * {@code field} is one of the request's three fields, {@code unknown_field} or {@code body}; {@code window} is
 * {@code count} or {@code time}; {@code cut} one of the five cuts.
 */
public final class QualityMetrics implements JoinEvents {

    /** The {@code field} label values of {@code feedback_invalid_total}. */
    public static final Set<String> INVALID_FIELDS =
            Set.of("prediction_id", "actual_price", "observed_at", "unknown_field", "body");

    /** The {@code reason} label values of {@code http_requests_refused_total}. */
    public static final List<String> REFUSALS = List.of("unauthorized", "in_flight_limit", "timeout", "slow_upload");

    private final Counter received;
    private final Map<String, Counter> invalid = new HashMap<>();
    private final Counter duplicate;
    private final Map<Unmatched, Counter> unmatched = new EnumMap<>(Unmatched.class);
    private final Counter matched;
    private final Map<String, Counter> evicted = new HashMap<>();
    private final Timer labelDelay;
    private final Counter alarms;
    private final Map<String, Counter> malformed = new HashMap<>();
    private final Map<String, Counter> refused = new HashMap<>();
    private final MeterRegistry registry;
    private volatile QualitySnapshot snapshot;
    private volatile Joiner.Stats joinStats = new Joiner.Stats(0, 0, 0, 0);
    private volatile boolean replaying;

    public QualityMetrics(MeterRegistry registry, QualitySnapshot initial, List<String> topics) {
        this.registry = registry;
        this.snapshot = initial;
        received = Counter.builder("feedback.received")
                .description("Actual prices accepted by POST /feedback and /feedback/batch and handed to Kafka")
                .register(registry);
        for (String field : INVALID_FIELDS) {
            invalid.put(field, Counter.builder("feedback.invalid").tag("field", field)
                    .description("Problems found in refused feedback requests, by field (unknown_field: a field "
                            + "we do not accept; body: not a JSON object or array of the right size)")
                    .register(registry));
        }
        duplicate = Counter.builder("feedback.duplicate")
                .description("Feedback events for a prediction that already has its actual; counted, not joined")
                .register(registry);
        for (Unmatched reason : Unmatched.values()) {
            unmatched.put(reason, Counter.builder("feedback.unmatched").tag("reason", reason.label())
                    .description("Feedback events that found no prediction: unknown id, prediction older than "
                            + "the retention (expired), or dropped at the memory cap (evicted)")
                    .register(registry));
        }
        matched = Counter.builder("join.matched")
                .description("Predictions joined with their actual price").register(registry);
        for (Side side : Side.values()) {
            for (String reason : List.of("expired", "cap")) {
                evicted.put(side.label() + reason, Counter.builder("join.evicted")
                        .tag("side", side.label()).tag("reason", reason)
                        .description("Waiting entries that left memory without a match: expired (waited out the "
                                + "retention) or cap (the oldest, when join.max.pending was reached)")
                        .register(registry));
            }
        }
        labelDelay = Timer.builder("feedback.label.delay")
                .description("Time from a prediction to the receipt of its actual price, for matched pairs")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(30))
                .register(registry);
        for (String topic : topics) {
            for (EventFormatException.Reason reason : EventFormatException.Reason.values()) {
                malformed.put(topic + '\0' + reason, Counter.builder("events.malformed")
                        .tag("topic", topic).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                        .description("Records that could not be read as events, by topic and reason; sent to "
                                + "<topic>.dlq").register(registry));
            }
        }
        for (String reason : REFUSALS) {
            refused.put(reason, Counter.builder("http.requests.refused").tag("reason", reason)
                    .description("Requests refused before their handler ran: unauthorized (feedback write without "
                            + "the bearer token), in_flight_limit, timeout (not answered in time), slow_upload "
                            + "(body not received in time)").register(registry));
        }
        alarms = Counter.builder("concept.drift.alarms")
                .description("Times the concept-drift flag went from 0 to 1").register(registry);

        Gauge.builder("join.pending.predictions", this, m -> m.joinStats.pendingPredictions())
                .description("Predictions waiting for their actual price").register(registry);
        Gauge.builder("join.pending.feedback", this, m -> m.joinStats.pendingFeedback())
                .description("Actual prices waiting for their prediction").register(registry);
        Gauge.builder("join.state", this, m -> m.joinStats.estimatedBytes()).baseUnit("bytes")
                .description("Estimated heap held by the join (waiting entries, matched ids, tombstones)")
                .register(registry);
        Gauge.builder("join.replaying", this, m -> m.replaying ? 1 : 0)
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
            Gauge.builder("quality.mae.ratio", this, m -> {
                        QualitySnapshot s = m.snapshot;
                        return window(s, window).mae() / s.baseline().baselineMae();
                    }).tag("window", window)
                    .description("MAE of the window divided by the held-out MAE of the model bundle")
                    .register(registry);
            Gauge.builder("quality.rmse.ratio", this, m -> {
                        QualitySnapshot s = m.snapshot;
                        return window(s, window).rmse() / s.baseline().baselineRmse();
                    }).tag("window", window)
                    .description("RMSE of the window divided by the held-out RMSE of the model bundle")
                    .register(registry);
        }
        for (String cut : DiamondSchema.CUT.categories()) {
            Gauge.builder("quality.cut.mae", this, m -> m.snapshot.byCut().get(cut).mae()).baseUnit("usd")
                    .tag("cut", cut)
                    .description("MAE of the last quality.window.count matched pairs of this cut (USD)")
                    .register(registry);
            Gauge.builder("quality.cut.window.pairs", this, m -> m.snapshot.byCut().get(cut).pairs())
                    .tag("cut", cut).description("Matched pairs in the per-cut count window").register(registry);
        }
        Gauge.builder("quality.baseline.mae", this, m -> m.snapshot.baseline().baselineMae()).baseUnit("usd")
                .description("MAE of the model on its held-out rows (the concept-drift baseline)").register(registry);
        Gauge.builder("quality.baseline.rmse", this, m -> m.snapshot.baseline().baselineRmse()).baseUnit("usd")
                .description("RMSE of the model on its held-out rows").register(registry);
        Gauge.builder("quality.baseline.mape", this, m -> m.snapshot.baseline().baselineMape()).baseUnit("ratio")
                .description("MAPE of the model on its held-out rows, as a fraction").register(registry);
        Gauge.builder("concept.drift.detected", this, m -> m.snapshot.drift().detected() ? 1 : 0)
                .description("1 when the ratio test or the Page-Hinkley test signals sustained degradation")
                .register(registry);
        Gauge.builder("concept.drift.mae.ratio.threshold", this, m -> m.snapshot.drift().threshold())
                .description("quality_mae_ratio at or above which a full count window raises the flag")
                .register(registry);
        Gauge.builder("concept.drift.page.hinkley", this, m -> m.snapshot.drift().pageHinkley()).baseUnit("usd")
                .description("Page-Hinkley statistic of the absolute error over the last pairs (USD)")
                .register(registry);
        Gauge.builder("concept.drift.page.hinkley.threshold", this, m -> m.snapshot.drift().pageHinkleyLambda())
                .baseUnit("usd").description("Page-Hinkley alarm threshold lambda (USD)").register(registry);
    }

    private void windowGauge(String name, String unit, String window, ToDoubleFunction<WindowStats> value,
                             String help) {
        Gauge.Builder<QualityMetrics> b = Gauge.builder(name, this, m -> value.applyAsDouble(window(m.snapshot, window)))
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
    public void httpGuards(boolean authEnabled, java.util.function.IntSupplier inFlight) {
        Gauge.builder("auth.enabled", () -> authEnabled ? 1 : 0)
                .description("1 when POST /feedback and /feedback/batch require the bearer token, 0 when writes are "
                        + "open (no auth.token configured)").register(registry);
        Gauge.builder("http.requests.in.flight", inFlight::getAsInt)
                .description("Feedback requests admitted and not yet answered (capped by limits.in.flight.max)")
                .register(registry);
    }

    public void feedbackReceived(int n) {
        received.increment(n);
    }

    /** @param field a request field path such as {@code [3].actual_price}; mapped to a bounded label */
    public void feedbackInvalid(String field) {
        String f = field == null ? "body" : field.replaceFirst("^\\[\\d+]\\.?", "");
        invalid.get(INVALID_FIELDS.contains(f) ? f : f.isEmpty() ? "body" : "unknown_field").increment();
    }

    // ---- joiner side ----

    public void malformed(String topic, EventFormatException.Reason reason) {
        Counter c = malformed.get(topic + '\0' + reason);
        if (c != null) {
            c.increment();
        }
    }

    /** Called by the joiner's thread after each batch. */
    public void publish(QualitySnapshot s, Joiner.Stats stats, boolean replaying) {
        boolean was = snapshot.drift().detected();
        this.snapshot = s;
        this.joinStats = stats;
        this.replaying = replaying;
        if (!was && s.drift().detected() && !replaying) {
            alarms.increment();
        }
    }

    public QualitySnapshot snapshot() {
        return snapshot;
    }

    public Joiner.Stats joinStats() {
        return joinStats;
    }

    public boolean replaying() {
        return replaying;
    }

    @Override
    public void matched(MatchedPair pair, boolean counted) {
        if (counted) {
            matched.increment();
            labelDelay.record(Duration.ofMillis(Math.max(0, pair.receivedAtMillis() - pair.predictedAtMillis())));
        }
    }

    @Override
    public void duplicate(boolean counted) {
        if (counted) {
            duplicate.increment();
        }
    }

    @Override
    public void unmatched(Unmatched reason, boolean counted) {
        if (counted) {
            unmatched.get(reason).increment();
        }
    }

    @Override
    public void evicted(Side side, boolean atCap, boolean counted) {
        if (counted) {
            evicted.get(side.label() + (atCap ? "cap" : "expired")).increment();
        }
    }

    /** Counter values for GET /quality. */
    public Map<String, Object> counters() {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("feedback_received", (long) received.count());
        c.put("feedback_duplicate", (long) duplicate.count());
        Map<String, Long> u = new java.util.LinkedHashMap<>();
        unmatched.forEach((r, counter) -> u.put(r.label(), (long) counter.count()));
        c.put("feedback_unmatched", u);
        c.put("join_matched", (long) matched.count());
        c.put("concept_drift_alarms", (long) alarms.count());
        return c;
    }
}
