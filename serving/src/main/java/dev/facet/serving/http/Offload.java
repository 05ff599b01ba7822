package dev.facet.serving.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Where a request's work runs: inline on the event loop for bodies up to {@link #INLINE_BODY_BYTES}, on a worker
 * for larger ones (the batch and V2 inference routes). The threshold is in bytes because the cost that matters
 * starts with parsing, before the rows are counted; it is about 64 compact rows (costs: BENCHMARKS.md).
 */
final class Offload {

    /** Bodies larger than this are handled off the event loop. */
    static final int INLINE_BODY_BYTES = 8 * 1024;

    private Offload() {
    }

    /**
     * Runs {@code work} inline or on a worker, by the size of the request's body. The routing context is only read
     * (headers, body) by the worker while the event loop waits for the result, so no state is shared racily. A
     * failure, inline or not, is a failed future.
     */
    static <T> Future<T> ifLarge(RoutingContext ctx, Callable<T> work) {
        Buffer body = ctx.body().buffer();
        if (body != null && body.length() > INLINE_BODY_BYTES) {
            return ctx.vertx().executeBlocking(work, false);
        }
        try {
            return Future.succeededFuture(work.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }
}
