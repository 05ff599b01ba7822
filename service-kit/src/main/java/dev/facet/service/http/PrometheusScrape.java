package dev.facet.service.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the registry in Prometheus text format 0.0.4. Rendering walks every meter (a few
 * hundred series, around a millisecond), so it runs on a worker thread rather than the event loop.
 */
public final class PrometheusScrape {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusScrape() {
    }

    public static Handler<RoutingContext> handler(PrometheusMeterRegistry registry) {
        return ctx -> ctx.vertx().executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
                .onFailure(ctx::fail);
    }
}
