package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A cap on requests in flight and a deadline per request, for the first handler of the routes it guards (not
 * health and metrics, so probes and scrapes still answer when the service is saturated). Both refusals leave as
 * the one JSON error shape ({@code unavailable}, 503) and are reported to {@code onRefused} for a metric.
 *
 * <p>A {@link PlatformHandler}, so vertx-web lets it run before the body handler on the same route: a refused
 * request's body is never buffered.
 *
 * <p><b>In flight</b> counts from routing to the end of the response or the close of the connection (vertx-web's
 * end handler fires on either, once), across every verticle instance sharing this object. Beyond the cap the
 * request is refused before its body is read, with {@code Retry-After: 1}: refusing fast keeps latency bounded for
 * the requests admitted, where queueing would make every request slow.
 *
 * <p><b>Deadline</b>: a request not answered within the timeout gets a 503 ({@code unavailable}; not 504: no
 * upstream gateway timed out), or a 408 ({@code request_timeout}) when its body has not fully arrived, the
 * client's fault; either way the connection is closed once the answer is out, so a client that stops halfway
 * holds a connection for at most the timeout. Runs on the event loop: a counter and one timer per
 * request, cancelled when the response ends.
 */
public final class RequestLimits implements PlatformHandler {

    /** Why a request was refused; the label value of a refusal counter. */
    public enum Refusal {
        IN_FLIGHT_LIMIT("in_flight_limit"), TIMEOUT("timeout"), SLOW_UPLOAD("slow_upload"),
        /** A second, smaller cap on routes with large bodies (see {@link #capOnly}). */
        LARGE_BODY_LIMIT("large_body_limit");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AtomicInteger inFlight;
    private final int maxInFlight;
    private final long timeoutMs;
    private final Consumer<Refusal> onRefused;
    private final Refusal capRefusal;
    /** What the cap counts and its configuration key, for the refusal's message. */
    private final String capWhat;
    private final String capSetting;

    /**
     * @param onRefused called on the event loop for every refusal (e.g. to increment a counter)
     */
    public RequestLimits(int maxInFlight, Duration timeout, Consumer<Refusal> onRefused) {
        this(new AtomicInteger(), maxInFlight, timeout, onRefused);
    }

    /**
     * @param inFlight the counter to use, so several router instances (one per event loop) enforce one
     *                 service-wide cap and a graceful stop can wait for it to reach zero
     */
    public RequestLimits(AtomicInteger inFlight, int maxInFlight, Duration timeout, Consumer<Refusal> onRefused) {
        this(inFlight, maxInFlight, positive(timeout.toMillis()), onRefused, Refusal.IN_FLIGHT_LIMIT, "requests",
                "limits.in.flight.max");
    }

    /**
     * Only a cap, no deadline (the service-wide limits already time the request), refused as
     * {@link Refusal#LARGE_BODY_LIMIT}: for routes whose bodies are large, so that a bounded heap holds the bodies
     * and parsed rows of every admitted request. Put it before the route's body handler.
     *
     * @param setting the configuration key of {@code maxInFlight}, named in the refusal
     */
    public static RequestLimits capOnly(AtomicInteger inFlight, int maxInFlight, String setting, Consumer<Refusal> onRefused) {
        return new RequestLimits(inFlight, maxInFlight, 0, onRefused, Refusal.LARGE_BODY_LIMIT, "large-body requests",
                setting);
    }

    /** @param timeoutMs the deadline, or 0 for none */
    private RequestLimits(AtomicInteger inFlight, int maxInFlight, long timeoutMs, Consumer<Refusal> onRefused,
                          Refusal capRefusal, String capWhat, String capSetting) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight and timeout must be positive");
        }
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
        this.timeoutMs = timeoutMs;
        this.onRefused = onRefused;
        this.capRefusal = capRefusal;
        this.capWhat = capWhat;
        this.capSetting = capSetting;
    }

    private static long positive(long timeoutMs) {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("maxInFlight and timeout must be positive");
        }
        return timeoutMs;
    }

    /** Requests currently admitted and not yet answered (for a gauge). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            onRefused.accept(capRefusal);
            ctx.response().putHeader("Retry-After", "1");
            hangUpAfterAnswer(ctx);
            HttpErrors.send(ctx, ErrorBody.Kind.UNAVAILABLE, "the service is handling " + maxInFlight + " " + capWhat
                    + ", its limit (" + capSetting + "); retry after a second");
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        long timer = timeoutMs == 0 ? -1 : ctx.vertx().setTimer(timeoutMs, id -> {
            if (!ctx.response().ended() && !ctx.response().closed() && !ctx.response().headWritten()) {
                boolean uploading = !ctx.request().isEnded();
                onRefused.accept(uploading ? Refusal.SLOW_UPLOAD : Refusal.TIMEOUT);
                hangUpAfterAnswer(ctx);
                if (uploading) {
                    // the client's fault (a body that stops halfway): 408, not a 5xx that would page someone
                    HttpErrors.send(ctx, 408, new ErrorBody("request_timeout", "the request body did not arrive "
                            + "within " + timeoutMs + " ms (limits.request.timeout.ms)", List.of()));
                } else {
                    HttpErrors.send(ctx, ErrorBody.Kind.UNAVAILABLE,
                            "the request was not answered within " + timeoutMs + " ms (limits.request.timeout.ms)");
                }
            }
        });
        ctx.addEndHandler(x -> {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                if (timer >= 0) {
                    ctx.vertx().cancelTimer(timer);
                }
            }
        });
        ctx.next();
    }

    /**
     * The request may still be uploading (or stalled): answer, then close the connection rather than wait for a
     * body nobody will read. HTTP/2 multiplexes other requests on the connection, so there only the stream ends.
     */
    private static void hangUpAfterAnswer(RoutingContext ctx) {
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            return;
        }
        ctx.response().putHeader("Connection", "close");
        ctx.addBodyEndHandler(v -> ctx.request().connection().close());
    }
}
