package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.serving.metrics.ServingMetrics;
import io.vertx.ext.web.RoutingContext;

/** Turns an error body into {@code prediction_errors_total} increments: one per named field, else one. */
public final class ErrorAccounting {

    /** Key in the routing context of the handler's start time (nanoTime), for latency of failed requests. */
    public static final String START = "facet.start";

    private ErrorAccounting() {
    }

    /** Counts {@code body} for the model called {@code model} (null: none). */
    public static void count(ServingMetrics metrics, String model, ErrorBody body) {
        if (!body.details().isEmpty()) {
            for (FieldError e : body.details()) {
                metrics.error(model, body.error(), e.field());
            }
            return;
        }
        String field = switch (body.error()) {
            case "malformed_json", "unsupported_media_type", "payload_too_large" -> "body";
            default -> "none";
        };
        metrics.error(model, body.error(), field);
    }

    public static long start(RoutingContext ctx) {
        Long t = ctx.get(START);
        return t == null ? 0 : t;
    }
}
