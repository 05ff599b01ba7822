package dev.facet.groundtruth.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.contracts.schema.FieldError;
import dev.facet.groundtruth.metrics.QualityMetrics;
import dev.facet.groundtruth.model.KnownModel;
import dev.facet.groundtruth.model.ModelCatalog;
import dev.facet.groundtruth.quality.MatchedPair;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP API: {@code POST /feedback}, {@code POST /feedback/batch}, {@code GET /quality},
 * {@code GET /models/{name}/pairs}, {@code GET /metrics} and the health endpoints. Every handler here does
 * microseconds of work (parse a small body, validate, look the prediction's model up in a concurrent map, hand
 * events to the non-blocking publisher, or serialise the latest immutable snapshot): safe on the event loop. The
 * pairs route copies and serialises up to {@code pairs.kept.per-model} rows, which can take milliseconds: it does
 * so on a worker thread.
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
    private final ModelCatalog catalog;
    private final FeedbackParser parser;
    private final RequestLimits limits;
    private HttpServer server;

    public FeedbackVerticle(GroundTruthConfig config, QualityState state, QualityMetrics metrics,
                            EventPublisher publisher, PrometheusMeterRegistry registry,
                            Supplier<List<Health.Component>> health, Handler<RoutingContext> writeGuard,
                            ModelCatalog catalog) {
        this.config = config;
        this.state = state;
        this.metrics = metrics;
        this.publisher = publisher;
        this.registry = registry;
        this.health = health;
        this.writeGuard = writeGuard;
        this.catalog = catalog;
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
        router.get("/models/:name/pairs").handler(limits).handler(this::pairs);
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
        accept(ctx, parser.single(JsonBodies.parse(ctx), now), now, false);
    }

    private void feedbackBatch(RoutingContext ctx) {
        Instant now = Instant.now();
        accept(ctx, parser.batch(JsonBodies.parse(ctx), now), now, true);
    }

    /**
     * Why the actual does not suit the model that made the prediction, when this instance holds that prediction
     * waiting for its actual (a map look-up: safe on the event loop). A prediction this instance does not hold (not
     * arrived yet, already joined, or in another instance's partitions) is not checked here: the joiner checks it
     * at join time and counts a misfit as {@code feedback_rejected_total{reason="invalid_actual"}}.
     */
    private Optional<String> suits(FeedbackRequest r) {
        return state.waitingModel(r.predictionId()).flatMap(catalog::cached)
                .flatMap(m -> m.problemWith(r.value(), r.label()));
    }

    private void accept(RoutingContext ctx, FeedbackParser.Result result, Instant now, boolean batch) {
        if (!result.valid()) {
            result.errors().forEach(e -> metrics.feedbackInvalid(e.field()));
            throw new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(result.errors()));
        }
        List<FieldError> unsuited = new ArrayList<>();
        for (int i = 0; i < result.requests().size(); i++) {
            FeedbackRequest r = result.requests().get(i);
            String field = (batch ? "[" + i + "]." : "") + "actual";
            suits(r).ifPresent(problem -> unsuited.add(new FieldError(field, problem)));
        }
        if (!unsuited.isEmpty()) {
            unsuited.forEach(e -> metrics.feedbackInvalid(e.field()));
            throw new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(unsuited));
        }
        List<String> accepted = new ArrayList<>();
        int dropped = 0;
        for (FeedbackRequest r : result.requests()) {
            FeedbackEvent event = r.label() != null
                    ? FeedbackEvent.ofLabel(r.predictionId(), r.label(), r.observedAt(), now)
                    : FeedbackEvent.ofValue(r.predictionId(), r.value(), r.observedAt(), now);
            if (publisher.publish(r.predictionId(), EventCodec.encode(event))) {
                accepted.add(r.predictionId());
            } else {
                dropped++;
            }
        }
        state.feedbackReceived(accepted.size());
        if (dropped > 0) {
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, dropped + " of " + result.requests().size()
                    + " actuals were not accepted: the broker is not keeping up; retry the request (actuals "
                    + "already accepted are then counted once, as duplicates)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted.size());
        body.put("prediction_ids", accepted);
        JsonReplies.PLAIN.send(ctx, 202, body);
    }

    private void quality(RoutingContext ctx) {
        String model = ctx.request().getParam("model");
        if (model == null) {
            JsonReplies.PLAIN.send(ctx, 200, QualityReport.all(state, config));
            return;
        }
        if (state.snapshot(model).isEmpty()) {
            throw unknownModel(model);
        }
        JsonReplies.PLAIN.send(ctx, 200, QualityReport.one(state, config, model));
    }

    /**
     * The last pairs of a model, for retraining: an array of flat objects, the model's feature columns (a missing
     * value is left out, which Tribuo's JSON source reads as an absent feature), the target column named as the
     * schema's target holding the actual, and {@code predicted_<target>}. {@code from} and {@code to} (ISO-8601)
     * bound when the actual was received, {@code [from, to)}; both optional.
     */
    private void pairs(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        KnownModel model = catalog.cached(name).orElseThrow(() -> unknownModel(name));
        long from = instantParam(ctx, "from", Long.MIN_VALUE);
        long to = instantParam(ctx, "to", Long.MAX_VALUE);
        String target = model.target();
        // copying and serialising up to pairs.kept.per-model rows takes milliseconds: off the event loop
        vertx.executeBlocking(() -> JsonReplies.encode(rows(state.recent().between(name, from, to), target)), false)
                .onSuccess(json -> JsonReplies.PLAIN.send(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    private static List<Map<String, Object>> rows(List<MatchedPair> pairs, String target) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MatchedPair p : pairs) {
            Map<String, Object> row = new LinkedHashMap<>();
            p.prediction().features().forEach((f, v) -> {
                if (v != null) {
                    row.put(f, v);
                }
            });
            row.put(target, p.truth().isLabel() ? p.truth().label() : p.truth().value());
            row.put("predicted_" + target, p.prediction().label() != null ? p.prediction().label() : p.predicted());
            rows.add(row);
        }
        return rows;
    }

    private static long instantParam(RoutingContext ctx, String name, long absent) {
        String raw = ctx.request().getParam(name);
        if (raw == null) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(List.of(new FieldError(
                    name, "must be an ISO-8601 timestamp with offset such as 2024-01-31T12:00:00Z, got \""
                    + (raw.length() > 64 ? raw.substring(0, 64) + "..." : raw) + "\""))));
        }
    }

    private ClientErrorException unknownModel(String name) {
        List<String> known = new ArrayList<>(state.snapshots().keySet());
        known.sort(null);
        return new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "no model \""
                + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "\"; the models are " + known);
    }
}
