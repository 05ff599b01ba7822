package dev.facet.serving.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code serving_http_responses_total{route,code}}: every answer serving gives, by route and status code; what
 * vertx-micrometer's {@code vertx_http_server_requests_total} told, at a fraction of its cost (it looks four
 * meters up in the registry for every request; this is a set lookup and an array read once a counter exists).
 *
 * <p>The route label is bounded by the router: a request path that is one of its fixed paths is its own label,
 * one under a templated or wildcard route is labelled with the route's fixed prefix and {@code *}
 * ({@code /v2/models/*}), anything else is {@code unmatched} (the 404s of clients on a wrong path). It is taken
 * from the path, not from the route that ran last, so a request refused by a limit or failed in a handler
 * keeps its route.
 */
public final class HttpResponses implements Handler<RoutingContext> {

    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final Set<String> paths = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();
    private final ConcurrentHashMap<String, Counter[]> counters = new ConcurrentHashMap<>();

    public HttpResponses(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Learns the labels from the routes mounted so far; call once the router is complete. */
    public HttpResponses labelsFrom(Router router) {
        for (Route r : router.getRoutes()) {
            String p = r.getPath();
            if (p == null) {
                continue;
            }
            int param = p.indexOf(':');
            if (param < 0 && r.isExactPath()) {
                paths.add(p);
            } else {
                String prefix = param < 0 ? p : p.substring(0, param); // a wildcard route's path is its prefix
                if (!prefixes.contains(prefix)) {
                    prefixes.add(prefix);
                }
            }
        }
        prefixes.sort((a, b) -> b.length() - a.length()); // the longest prefix names the route
        return this;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addEndHandler(v -> count(label(ctx.normalizedPath()), ctx.response().getStatusCode()));
        ctx.next();
    }

    String label(String path) {
        if (path == null) {
            return UNMATCHED;
        }
        if (paths.contains(path)) {
            return path;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return prefix + "*";
            }
        }
        return UNMATCHED;
    }

    void count(String route, int status) {
        if (status < 100 || status > 599) {
            register(route, status).increment(); // not a status serving sends; not worth a slot
            return;
        }
        Counter[] byCode = counters.computeIfAbsent(route, r -> new Counter[600]);
        Counter c = byCode[status];
        if (c == null) {
            // racing threads register the same meter (registration is idempotent) and store the same object
            c = register(route, status);
            byCode[status] = c;
        }
        c.increment();
    }

    private Counter register(String route, int status) {
        return Counter.builder("serving.http.responses").description("Answers of the serving HTTP server, by route and status code")
                .tag("route", route).tag("code", Integer.toString(status)).register(registry);
    }
}
