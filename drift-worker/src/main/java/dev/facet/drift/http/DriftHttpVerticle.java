package dev.facet.drift.http;

import dev.facet.drift.state.DriftState;
import dev.facet.service.http.Health;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.HttpServers;
import dev.facet.service.http.JsonReplies;
import dev.facet.service.http.PrometheusScrape;
import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;

/**
 * Serves the drift results. Runs on an event loop: every handler only reads {@link DriftState} (immutable
 * evaluations behind atomic references) and writes a few kilobytes of JSON, microseconds of work; the
 * Prometheus scrape goes to a worker thread inside {@link PrometheusScrape}.
 */
public final class DriftHttpVerticle extends VerticleBase {

    /** No route takes a body; this only bounds what the failure handler reports. */
    private static final long BODY_LIMIT = 1024;

    private final int port;
    private final Duration idleTimeout;
    private final DriftState state;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;

    public DriftHttpVerticle(int port, Duration idleTimeout, DriftState state, PrometheusMeterRegistry registry) {
        this.port = port;
        this.idleTimeout = idleTimeout;
        this.state = state;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        // idle timeout, HTTP/1.1 only, unreadable requests as JSON: as every service (HttpServers)
        return vertx.createHttpServer(HttpServers.options(idleTimeout))
                .invalidRequestHandler(HttpServers.invalidRequests())
                .requestHandler(router()).listen(port).onSuccess(s -> server = s);
    }

    /** Every route, top to bottom. */
    private Router router() {
        Router router = Router.router(vertx);
        router.get("/drift").handler(this::drift);
        router.get("/metrics").handler(PrometheusScrape.handler(registry));
        Health.mount(router, () -> List.of(state.consumerHealth()));
        router.route().last().handler(HttpErrors::notFound);
        router.route().failureHandler(HttpErrors.failureHandler(BODY_LIMIT, body -> { }));
        return router;
    }

    /** The port actually bound (meaningful after start; differs from the setting when that was 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** Every model, or with {@code ?model=NAME} that one; an unknown name is a 404 naming the models. */
    private void drift(RoutingContext ctx) {
        List<String> asked = ctx.queryParam("model");
        if (asked.isEmpty()) {
            JsonReplies.PLAIN.send(ctx, 200, DriftReport.all(state));
            return;
        }
        String name = asked.get(0);
        var report = DriftReport.one(state, name);
        if (report.isEmpty()) {
            String known = state.modelNames().toString();
            HttpErrors.send(ctx, 404, new ErrorBody(ErrorBody.Kind.NOT_FOUND.code(),
                    "no model " + quoted(name) + " is monitored; monitored models: " + known,
                    List.of(new FieldError("model", "must be one of " + known))));
            return;
        }
        JsonReplies.PLAIN.send(ctx, 200, report.get());
    }

    /** The asked name as a message shows it: quoted, and cut short so a long query cannot grow the answer. */
    private static String quoted(String name) {
        return "'" + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "'";
    }
}
