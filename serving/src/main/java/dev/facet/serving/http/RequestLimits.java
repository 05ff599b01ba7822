package dev.facet.serving.http;

import dev.facet.common.error.ErrorBody;
import dev.facet.service.http.HttpErrors;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.metrics.ServingMetrics.Refusal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first handler of every route but health and metrics: a cap on requests in flight and a deadline per
 * request, both answered with the one JSON error shape ({@code unavailable}, 503) and counted in
 * {@code serving_requests_refused_total{reason}}.
 *
 * <p><b>In flight</b> counts from routing to the end of the response or the close of the connection (vertx-web's
 * end handler fires on either, once), across every HTTP instance. Beyond the cap the request is refused before
 * its body is read, with {@code Retry-After: 1}: under overload, refusing fast keeps latency bounded for the
 * requests admitted, where queueing would make every request slow. Health and metrics are exempt so probes and
 * scrapes still answer when the service is saturated.
 *
 * <p><b>Deadline</b>: a request not answered within the timeout (a slow upload, a worker queue backed up) gets a
 * 503 and the work that finishes later finds the response ended and drops its reply ({@link Replies#send}).
 * 503 rather than 504, because no upstream gateway timed out: this service is too busy to answer in time.
 * A timer per request on the event loop costs well under a microsecond and is cancelled when the response ends.
 */
public final class RequestLimits implements Handler<RoutingContext> {

    private final AtomicInteger inFlight;
    private final int maxInFlight;
    private final long timeoutMs;
    private final ServingMetrics metrics;

    public RequestLimits(ServingMetrics metrics, int maxInFlight, Duration timeout) {
        this.metrics = metrics;
        this.inFlight = metrics.inFlight();
        this.maxInFlight = maxInFlight;
        this.timeoutMs = timeout.toMillis();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            metrics.refused(Refusal.IN_FLIGHT_LIMIT);
            ctx.response().putHeader("Retry-After", "1").putHeader("Connection", "close");
            HttpErrors.send(ctx, ErrorBody.Kind.UNAVAILABLE, "the service is handling " + maxInFlight
                    + " requests, its limit (limits.in.flight.max); retry after a second");
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        long timer = ctx.vertx().setTimer(timeoutMs, id -> {
            if (!ctx.response().ended() && !ctx.response().closed() && !ctx.response().headWritten()) {
                metrics.refused(Refusal.TIMEOUT);
                // the request may still be uploading (or stalled): close the connection once the answer is out
                ctx.response().putHeader("Connection", "close");
                ctx.addBodyEndHandler(v -> ctx.request().connection().close());
                HttpErrors.send(ctx, ErrorBody.Kind.UNAVAILABLE, "the request was not answered within "
                        + timeoutMs + " ms (limits.request.timeout.ms)");
            }
        });
        ctx.addEndHandler(x -> {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                ctx.vertx().cancelTimer(timer);
            }
        });
        ctx.next();
    }
}
