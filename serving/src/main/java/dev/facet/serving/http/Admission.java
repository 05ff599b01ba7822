package dev.facet.serving.http;

import dev.facet.service.http.RequestLimits.Refusal;
import dev.facet.service.http.RequestLimits;
import dev.facet.serving.config.ServingConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The service's requests in flight: what admission counts against {@code limits.in.flight.max} (and, for the
 * large-body routes, {@code limits.batch.in.flight.max}) and what a graceful stop waits for. One per service,
 * shared by every HTTP verticle instance, so the caps hold for the service and not per event loop.
 */
public final class Admission {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger largeBodiesInFlight = new AtomicInteger();

    /** Requests admitted and not yet answered, health and metrics excepted. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The cap and deadline of every route but health and metrics; refusals go to {@code onRefused}. */
    RequestLimits limits(ServingConfig config, Consumer<Refusal> onRefused) {
        return new RequestLimits(inFlight, config.maxInFlight(), config.requestTimeout(), onRefused);
    }

    /**
     * The second, smaller cap of the batch and V2 inference routes, before their body is read: their bodies (up
     * to {@code limits.batch.body.max.bytes} each, several times that once parsed) are then bounded by the heap.
     */
    RequestLimits largeBodies(ServingConfig config, Consumer<Refusal> onRefused) {
        return RequestLimits.capOnly(largeBodiesInFlight, config.batchMaxInFlight(), "limits.batch.in.flight.max", onRefused);
    }

    /** Completes when no request is in flight or at {@code deadline} (a 10 ms poll: shutdown is not a hot path). */
    Future<Void> drained(Vertx vertx, long deadlineNanos) {
        Promise<Void> done = Promise.promise();
        vertx.setPeriodic(0, 10, id -> {
            if (inFlight.get() <= 0 || System.nanoTime() > deadlineNanos) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }
}
