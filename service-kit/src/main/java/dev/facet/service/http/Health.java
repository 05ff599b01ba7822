package dev.facet.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.facet.contracts.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Health endpoints with one policy for every service:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the event loop answers; only a restart helps otherwise;</li>
 *   <li>{@code GET /health/ready}: 200 unless a component is {@code DOWN} (e.g. no model loaded), else 503;
 *       a broker outage makes a component {@code DEGRADED}, which stays ready: predictions are still served
 *       and events wait in the bounded buffer;</li>
 *   <li>{@code GET /health}: the overall status (the worst component's) and each component's detail.</li>
 * </ul>
 */
public final class Health {

    /** Ordered from best to worst, so the overall status is the maximum. */
    public enum Status { UP, DEGRADED, DOWN }

    /** One part of a service (model, Kafka producer, consumer) and what it is doing. */
    public record Component(String name, Status status, String detail) {
    }

    private Health() {
    }

    public static void mount(Router router, Supplier<List<Component>> components) {
        router.get("/health/live").handler(ctx -> json(ctx, 200, Map.of("status", "UP")));
        router.get("/health/ready").handler(ctx -> {
            Map<String, Object> report = report(components.get());
            json(ctx, "DOWN".equals(report.get("status")) ? 503 : 200, report);
        });
        router.get("/health").handler(ctx -> json(ctx, 200, report(components.get())));
    }

    static Map<String, Object> report(List<Component> components) {
        Status overall = Status.UP;
        Map<String, Object> parts = new LinkedHashMap<>();
        for (Component c : components) {
            if (c.status().compareTo(overall) > 0) {
                overall = c.status();
            }
            parts.put(c.name(), Map.of("status", c.status().name(), "detail", c.detail()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", overall.name());
        out.put("components", parts);
        return out;
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
