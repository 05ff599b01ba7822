package dev.facet.serving.v2;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.JsonBodies;
import dev.facet.serving.http.ErrorAccounting;
import dev.facet.serving.http.Replies;
import dev.facet.serving.http.ServingVerticle;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.metrics.ServingMetrics.Endpoint;
import dev.facet.serving.prediction.Prediction;
import dev.facet.serving.prediction.PredictionService;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Handlers of the OIP V2 routes (declared in {@code ServingVerticle#router}). Errors use the protocol's shape,
 * {@code {"error": "..."}}, with every offending field in the message; an unknown model name or version is a 404.
 */
public final class V2Endpoints {

    private static final Logger LOG = LoggerFactory.getLogger(V2Endpoints.class);
    private static final String SERVER_NAME = "facet-serving";
    private static final String SERVER_VERSION = "0.1.0";

    private final PredictionService predictions;
    private final ServingMetrics metrics;
    private final int maxRows;

    public V2Endpoints(PredictionService predictions, ServingMetrics metrics, int maxRows) {
        this.predictions = predictions;
        this.metrics = metrics;
        this.maxRows = maxRows;
    }

    public void server(RoutingContext ctx) {
        send(ctx, 200, Map.of("name", SERVER_NAME, "version", SERVER_VERSION, "extensions", List.of()));
    }

    public void live(RoutingContext ctx) {
        send(ctx, 200, Map.of("live", true));
    }

    /** Ready once a model is loaded, which {@code ServingApp.start} guarantees before listening. */
    public void ready(RoutingContext ctx) {
        boolean ready = predictions.model() != null;
        send(ctx, ready ? 200 : 503, Map.of("ready", ready));
    }

    public void modelReady(RoutingContext ctx) {
        LoadedModel m = served(ctx);
        send(ctx, 200, Map.of("name", m.name(), "ready", true));
    }

    /** Model metadata: the nine features as named tensors of shape [-1], the price as FP64. */
    public void metadata(RoutingContext ctx) {
        LoadedModel m = served(ctx);
        List<Map<String, Object>> inputs = DiamondSchema.FEATURES.stream().map(V2Endpoints::tensor).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", m.name());
        body.put("versions", List.of(m.version()));
        body.put("platform", "facet-compiled-forest");
        body.put("inputs", inputs);
        body.put("outputs", List.of(Map.of("name", DiamondSchema.TARGET, "datatype", "FP64", "shape", List.of(-1))));
        send(ctx, 200, body);
    }

    private static Map<String, Object> tensor(Feature f) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", f.name());
        t.put("datatype", f.isNumeric() ? "FP64" : "BYTES");
        t.put("shape", List.of(-1));
        return t;
    }

    /** {@code POST .../infer}: columnar rows, all or nothing; large bodies on a worker like the batch route. */
    public void infer(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        LoadedModel m = served(ctx);
        boolean gzip = Replies.acceptsGzip(ctx);
        ServingVerticle.offloadIfLarge(ctx, () -> Replies.Body.of(inferReply(ctx, m), gzip)).onSuccess(json -> {
            Replies.send(ctx, 200, json);
            metrics.request(Endpoint.V2_INFER, 200, start);
        }).onFailure(ctx::fail);
    }

    private Buffer inferReply(RoutingContext ctx, LoadedModel m) {
        V2Request req = V2Request.parse(JsonBodies.parse(ctx), maxRows);
        List<Prediction> out = predictions.predictAll(m, req.rows(), Endpoint.V2_INFER);
        double[] prices = out.stream().mapToDouble(Prediction::price).toArray();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", m.name());
        body.put("model_version", m.version());
        if (req.id() != null) {
            body.put("id", req.id());
        }
        body.put("parameters", Map.of("prediction_ids", out.stream().map(Prediction::predictionId).toList()));
        body.put("outputs", List.of(Map.of("name", DiamondSchema.TARGET, "datatype", "FP64",
                "shape", List.of(prices.length), "data", prices)));
        return Replies.json(body);
    }

    /** The model named by the path, or a 404 when the name (or version) is not the one served. */
    private LoadedModel served(RoutingContext ctx) {
        LoadedModel m = predictions.model();
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        if (!m.name().equals(name)) {
            throw new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "model '" + truncate(name)
                    + "' is not served here; this server serves '" + m.name() + "'");
        }
        if (version != null && !m.version().equals(version)) {
            throw new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "version '" + truncate(version) + "' of model '"
                    + m.name() + "' is not served here; this server serves version '" + m.version() + "'");
        }
        return m;
    }

    /**
     * Failure handler of the V2 routes: status as the native routes would answer, body {@code {"error": "..."}}.
     *
     * @param infer whether this is the infer route, whose requests and errors are counted
     */
    public Handler<RoutingContext> failures(long bodyLimit, boolean infer) {
        return ctx -> {
            Throwable failure = ctx.failure();
            int status;
            ErrorBody error;
            if (failure instanceof ClientErrorException c) {
                status = c.status();
                error = c.body();
            } else if (failure instanceof HttpException h && h.getStatusCode() < 500) {
                status = h.getStatusCode();
                error = ofStatus(status, bodyLimit, ctx);
            } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
                // as in HttpErrors: a refusal with its status (vertx-web's missing-Host 400, or ctx.fail(4xx))
                status = ctx.statusCode();
                error = ofStatus(status, bodyLimit, ctx);
                if (failure != null && failure.getMessage() != null && status == 400) {
                    error = ErrorBody.of(ErrorBody.Kind.VALIDATION, truncate(failure.getMessage().lines().findFirst().orElse("")));
                }
            } else {
                String incident = UUID.randomUUID().toString();
                LOG.error("incident {} on {} {}", incident, ctx.request().method(), ctx.request().path(), failure);
                status = 500;
                error = ErrorBody.of(ErrorBody.Kind.INTERNAL, "internal error; incident " + incident + " is in the server log");
            }
            if (infer) {
                ErrorAccounting.count(metrics, error);
            }
            if (ctx.response().headWritten()) {
                ctx.response().reset();
            } else {
                send(ctx, status, Map.of("error", message(error)));
            }
            if (infer) {
                metrics.request(Endpoint.V2_INFER, status, ErrorAccounting.start(ctx));
            }
        };
    }

    private static ErrorBody ofStatus(int status, long limit, RoutingContext ctx) {
        return switch (status) {
            case 413 -> ErrorBody.of(ErrorBody.Kind.PAYLOAD_TOO_LARGE, "request body exceeds the limit of " + limit + " bytes");
            case 405 -> ErrorBody.of(ErrorBody.Kind.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed here");
            case 415 -> ErrorBody.of(ErrorBody.Kind.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
            case 404 -> ErrorBody.of(ErrorBody.Kind.NOT_FOUND, "no route for " + ctx.request().method() + " "
                    + truncate(ctx.request().path()));
            default -> ErrorBody.of(ErrorBody.Kind.VALIDATION, "request refused (HTTP " + status + ")");
        };
    }

    /** The protocol has one string: the message, then each field's problem. */
    static String message(ErrorBody e) {
        if (e.details().isEmpty()) {
            return e.message();
        }
        return "invalid input: " + e.details().stream().limit(20).map(f -> f.field() + " " + f.problem())
                .collect(Collectors.joining("; ")) + (e.details().size() > 20 ? "; ..." : "");
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        Replies.send(ctx, status, Replies.json(body));
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
