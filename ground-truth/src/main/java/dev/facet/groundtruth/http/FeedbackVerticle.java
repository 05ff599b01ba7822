package dev.facet.groundtruth.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.join.JoinEvents.Unmatched;
import dev.facet.groundtruth.join.Joiner;
import dev.facet.groundtruth.metrics.QualityMetrics;
import dev.facet.groundtruth.quality.ConceptDriftPolicy;
import dev.facet.groundtruth.quality.DriftStatus;
import dev.facet.groundtruth.quality.QualitySnapshot;
import dev.facet.groundtruth.quality.WindowStats;
import dev.facet.groundtruth.state.QualityState;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.Health;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.HttpServers;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.http.JsonReplies;
import dev.facet.service.http.PrometheusScrape;
import dev.facet.service.http.RequestLimits;
import dev.facet.service.kafka.EventPublisher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP API: {@code POST /feedback}, {@code POST /feedback/batch}, {@code GET /quality}, {@code GET /metrics}
 * and the health endpoints. Every handler here does microseconds of work (parse a small body, validate, hand
 * events to the non-blocking publisher, or serialise the latest immutable snapshot): safe on the event loop.
 * {@code /metrics} renders on a worker thread ({@link PrometheusScrape}).
 *
 * <p>Every route but health and metrics passes {@link RequestLimits} first (a cap on requests in flight and a
 * deadline per request, so neither a flood nor a client that stops sending halfway can hold the service), then a
 * Content-Type check (415 before the body is read: the body handler would otherwise decode form bodies itself),
 * then the body limit. Writes then pass through {@code writeGuard} before validation: the bearer-token check
 * when a token is configured (after the body handler, the order vertx-web requires; the body limit bounds what
 * an unauthenticated client can make us buffer).
 *
 * <p>{@code GET /quality} reads {@link QualityState}, which the joiner writes; the meters are only told of
 * refusals and invalid fields.
 */
public final class FeedbackVerticle extends VerticleBase {

    private static final Set<String> BODY_KINDS = Set.of(ErrorBody.Kind.MALFORMED_JSON.code(),
            ErrorBody.Kind.UNSUPPORTED_MEDIA_TYPE.code(), ErrorBody.Kind.PAYLOAD_TOO_LARGE.code());

    private final GroundTruthConfig config;
    private final QualityState state;
    private final QualityMetrics metrics;
    private final EventPublisher publisher;
    private final PrometheusMeterRegistry registry;
    private final Supplier<List<Health.Component>> health;
    private final Handler<RoutingContext> writeGuard;
    private final Map<String, Object> model;
    private final FeedbackParser parser;
    private final RequestLimits limits;
    private HttpServer server;

    public FeedbackVerticle(GroundTruthConfig config, QualityState state, QualityMetrics metrics,
                            EventPublisher publisher, PrometheusMeterRegistry registry,
                            Supplier<List<Health.Component>> health, Handler<RoutingContext> writeGuard,
                            Map<String, Object> model) {
        this.config = config;
        this.state = state;
        this.metrics = metrics;
        this.publisher = publisher;
        this.registry = registry;
        this.health = health;
        this.writeGuard = writeGuard;
        this.model = model;
        this.parser = new FeedbackParser(config.maxClockSkew(), config.batchMaxItems());
        this.limits = new RequestLimits(config.maxInFlight(), config.requestTimeout(), r -> metrics.refused(r.label()));
    }

    /** Requests admitted by the limits and not yet answered (for the gauge). */
    public int inFlight() {
        return limits.inFlight();
    }

    @Override
    public Future<?> start() {
        // idle timeout, HTTP/1.1 only, unreadable requests as JSON: as every service (HttpServers)
        return vertx.createHttpServer(HttpServers.options(config.idleTimeout()))
                .invalidRequestHandler(HttpServers.invalidRequests())
                .requestHandler(routes()).listen(config.httpPort())
                .onSuccess(s -> server = s);
    }

    public int port() {
        return server.actualPort();
    }

    /** Every route, top to bottom. */
    Router routes() {
        Router router = Router.router(vertx);
        router.post("/feedback")
                .handler(limits)
                .handler(JsonBodies.requireJsonContentType())
                .handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()))
                .handler(writeGuard)
                .handler(this::feedback)
                .failureHandler(failures(config.bodyLimitBytes()));
        router.post("/feedback/batch")
                .handler(limits)
                .handler(JsonBodies.requireJsonContentType())
                .handler(BodyHandler.create(false).setBodyLimit(config.batchBodyLimitBytes()))
                .handler(writeGuard)
                .handler(this::feedbackBatch)
                .failureHandler(failures(config.batchBodyLimitBytes()));
        router.get("/quality").handler(limits).handler(this::quality);
        router.get("/metrics").handler(PrometheusScrape.handler(registry));
        Health.mount(router, health);
        router.route().last().handler(HttpErrors::notFound);
        router.route().failureHandler(failures(config.bodyLimitBytes()));
        return router;
    }

    private Handler<RoutingContext> failures(long limit) {
        return HttpErrors.failureHandler(limit, body -> {
            if (BODY_KINDS.contains(body.error())) {
                metrics.feedbackInvalid("body");
            } else if (ErrorBody.Kind.UNAUTHORIZED.code().equals(body.error())) {
                metrics.refused("unauthorized");
            }
        });
    }

    private void feedback(RoutingContext ctx) {
        Instant now = Instant.now();
        accept(ctx, parser.single(JsonBodies.parse(ctx), now), now);
    }

    private void feedbackBatch(RoutingContext ctx) {
        Instant now = Instant.now();
        accept(ctx, parser.batch(JsonBodies.parse(ctx), now), now);
    }

    private void accept(RoutingContext ctx, FeedbackParser.Result result, Instant now) {
        if (!result.valid()) {
            result.errors().forEach(e -> metrics.feedbackInvalid(e.field()));
            throw new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(result.errors()));
        }
        List<String> accepted = new ArrayList<>();
        int dropped = 0;
        for (FeedbackRequest r : result.requests()) {
            FeedbackEvent event = FeedbackEvent.of(r.predictionId(), r.actualPrice(), r.observedAt(), now);
            if (publisher.publish(r.predictionId(), EventCodec.encode(event))) {
                accepted.add(r.predictionId());
            } else {
                dropped++;
            }
        }
        state.feedbackReceived(accepted.size());
        if (dropped > 0) {
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, dropped + " of " + result.requests().size()
                    + " actual prices were not accepted: the broker is not keeping up; retry the request (actuals "
                    + "already accepted are then counted once, as duplicates)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted.size());
        body.put("prediction_ids", accepted);
        JsonReplies.PLAIN.send(ctx, 202, body);
    }

    private void quality(RoutingContext ctx) {
        JsonReplies.PLAIN.send(ctx, 200, qualityReport(state, config, model));
    }

    /** The JSON of {@code GET /quality}: the same numbers as the gauges, NaN as null. */
    static Map<String, Object> qualityReport(QualityState state, GroundTruthConfig config, Map<String, Object> model) {
        QualitySnapshot s = state.snapshot();
        ConceptDriftPolicy b = s.baseline();
        DriftStatus d = s.drift();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", Instant.ofEpochMilli(s.atMillis()).toString());
        out.put("model", model);
        out.put("baseline", ordered("mae", num(b.baselineMae()), "rmse", num(b.baselineRmse()),
                "mape", num(b.baselineMape()), "abs_error_std", num(b.baselineAbsErrorStd())));
        Map<String, Object> windows = new LinkedHashMap<>();
        Map<String, Object> count = window(s.countWindow(), b);
        count.put("size", s.countWindowSize());
        windows.put("count", count);
        Map<String, Object> time = window(s.timeWindow(), b);
        time.put("seconds", s.timeWindowSeconds());
        windows.put("time", time);
        out.put("windows", windows);
        Map<String, Object> cuts = new LinkedHashMap<>();
        s.byCut().forEach((cut, w) -> cuts.put(cut, window(w, b)));
        out.put("by_cut", cuts);
        out.put("concept_drift", ordered("detected", d.detected(),
                "ratio_test", ordered("mae_ratio", num(d.maeRatio()), "rmse_ratio", num(d.rmseRatio()),
                        "threshold", d.threshold(), "alarm", d.ratioAlarm()),
                "page_hinkley", ordered("statistic", num(d.pageHinkley()), "delta", num(d.pageHinkleyDelta()),
                        "lambda", num(d.pageHinkleyLambda()), "window", b.pageHinkleyWindow(),
                        "alarm", d.pageHinkleyAlarm())));
        Joiner.Stats j = state.joinStats();
        out.put("join", ordered("pending_predictions", j.pendingPredictions(), "pending_feedback", j.pendingFeedback(),
                "matched_ids", j.matchedIds(), "tombstones", j.tombstones(), "estimated_bytes", j.estimatedBytes(),
                "replaying", state.replaying(), "pairs_since_rebuild", s.pairsSinceStart(),
                "retention_seconds", config.retention().toSeconds(), "max_pending", config.maxPending()));
        out.put("counters", counters(state));
        return out;
    }

    /** The counts of {@code GET /quality}: the same values as their counters in {@code /metrics}. */
    private static Map<String, Object> counters(QualityState state) {
        Map<String, Long> unmatched = new LinkedHashMap<>();
        for (Unmatched reason : Unmatched.values()) {
            unmatched.put(reason.label(), state.unmatchedCount(reason));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("feedback_received", state.receivedCount());
        c.put("feedback_duplicate", state.duplicateCount());
        c.put("feedback_unmatched", unmatched);
        c.put("join_matched", state.matchedCount());
        c.put("concept_drift_alarms", state.alarmCount());
        return c;
    }

    private static Map<String, Object> window(WindowStats w, ConceptDriftPolicy b) {
        return ordered("pairs", w.pairs(), "mae", num(w.mae()), "rmse", num(w.rmse()), "mape", num(w.mape()),
                "bias", num(w.bias()), "mae_ratio", num(w.mae() / b.baselineMae()),
                "rmse_ratio", num(w.rmse() / b.baselineRmse()));
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
