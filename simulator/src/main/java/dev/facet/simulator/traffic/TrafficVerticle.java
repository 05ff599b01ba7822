package dev.facet.simulator.traffic;

import dev.facet.simulator.scenario.PlannedRequest;
import dev.facet.simulator.scenario.Scenario;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One load-generating event loop. Request {@code i} of the run is due at {@code start + i / rate}; this
 * instance owns every {@code instances}-th index. A 1 ms periodic timer sends every request that is due,
 * however many responses are still outstanding (open loop), so a slow server meets the offered rate and its
 * queueing shows up in the round trip, which runs from handing the request to the client (a wait for a pooled
 * connection included) to its response. How late the hand-over was is recorded apart ({@link RunStats}).
 *
 * <p>Before the schedule starts, {@link #start()} warms the client up on serving's {@code /health/live}: a
 * cold client's first requests wait for connection set-up, class loading and the JIT, time that is this
 * process's, not the server's (simulator/README.md has what it did to a run's p99).
 *
 * <p>Everything here runs on this verticle's event loop: the scenario draws (microseconds), JSON encoding of
 * one row, and the counters; nothing blocks. Fields are confined to that loop, except {@link RunStats},
 * which is built for concurrent writers.
 */
final class TrafficVerticle extends VerticleBase {

    private static final String JSON = "application/json";

    /**
     * Warm-up rounds, each one request on every connection: at the default 8 connections 200 requests, HotSpot's
     * first-tier compile threshold (Tier3InvocationThreshold) for the request path's methods.
     */
    static final int WARM_UP_ROUNDS = 25;

    private final int instance;
    private final TrafficPlan plan;
    private final Scenario scenario;
    private final RunStats stats;
    private final LongSupplier clock;
    private final Promise<Void> done = Promise.promise();
    private final double interval;

    private WebClient client;
    private SplittableRandom random;
    private long startNanos;
    private long next;
    private long timer = -1;
    private boolean scheduled;
    private boolean closed;
    private long inflight;
    private long pendingFeedback;

    TrafficVerticle(int instance, TrafficPlan plan, Scenario scenario, RunStats stats, LongSupplier clock) {
        this.instance = instance;
        this.plan = plan;
        this.scenario = scenario;
        this.stats = stats;
        this.clock = clock;
        this.interval = plan.intervalNanos();
    }

    /** Completes when this instance has sent its share and every response and feedback is in (or abandoned). */
    Future<Void> done() {
        return done.future();
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setUserAgent("facet-simulator"),
                new PoolOptions().setHttp1MaxSize(plan.connections()));
        // one stream per instance, derived from the seed, so a run is reproducible for a given instance count
        random = new SplittableRandom(plan.seed() + 0x9E3779B97F4A7C15L * instance);
        return warmUp(WARM_UP_ROUNDS);
    }

    /**
     * One request on every connection (so the pool opens them all), {@code rounds} times. A failure ends the
     * warm-up early: the server is down or refusing, which the run itself will count and report.
     */
    private Future<Void> warmUp(int rounds) {
        if (rounds == 0) {
            return Future.succeededFuture();
        }
        List<Future<HttpResponse<Buffer>>> round = new ArrayList<>();
        for (int c = 0; c < plan.connections(); c++) {
            round.add(client.getAbs(plan.warmUpUrl()).timeout(plan.timeout().toMillis()).send());
        }
        return Future.join(round).transform(ar -> ar.succeeded() ? warmUp(rounds - 1) : Future.succeededFuture());
    }

    /** Starts sending on this verticle's event loop; request 0 is due at {@code startNanos} on the run's clock. */
    void begin(long startNanos) {
        context.runOnContext(v -> {
            this.startNanos = startNanos;
            next = instance;
            timer = vertx.setPeriodic(1, id -> tick());
        });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        client.close();
        return Future.succeededFuture();
    }

    private void tick() {
        long now = clock.getAsLong();
        while (next < plan.total() && dueAt(next) <= now) {
            send(next);
            next += plan.instances();
        }
        if (next >= plan.total() && !scheduled) {
            scheduled = true;
            vertx.cancelTimer(timer);
            vertx.setTimer(Math.max(1, plan.drainTimeout().toMillis()), id -> abandonRest());
            finishIfDrained();
        }
    }

    private long dueAt(long index) {
        return startNanos + (long) (index * interval);
    }

    private void send(long index) {
        PlannedRequest r = scenario.next(index / (double) plan.total(), random);
        // always drawn, so the scenario's stream does not depend on which rows get ground truth
        boolean feedback = random.nextDouble() < plan.feedbackShare() && r.hasGroundTruth();
        long due = dueAt(index);
        long sent = clock.getAsLong();
        stats.sent(due, sent);
        if (!r.valid()) {
            stats.badSent.increment();
        }
        inflight++;
        client.postAbs(plan.predictUrl()).timeout(plan.timeout().toMillis()).putHeader("content-type", JSON)
                .sendBuffer(Buffer.buffer(r.body()))
                .onComplete(ar -> predicted(r, feedback, sent, ar));
    }

    private void predicted(PlannedRequest r, boolean feedback, long sent, AsyncResult<HttpResponse<Buffer>> ar) {
        if (closed) {
            return;
        }
        inflight--;
        if (ar.failed()) {
            stats.transportErrors.increment();
            finishIfDrained();
            return;
        }
        stats.answered(sent, clock.getAsLong());
        int status = ar.result().statusCode();
        if (!r.valid()) {
            (status == 400 ? stats.badRejected : stats.badAccepted).increment();
        }
        String predictionId = status == 200 ? predictionId(ar.result()) : null;
        if (status / 100 == 2 && predictionId == null && r.valid()) {
            stats.serverErrors.increment(); // a 200 without a prediction id is a server fault
        } else {
            count(status);
        }
        if (feedback && predictionId != null) {
            pendingFeedback++;
            Object actual = r.actual();
            vertx.setTimer(Math.max(1, plan.feedbackDelay().toMillis()), id -> postFeedback(predictionId, actual));
        }
        finishIfDrained();
    }

    private void count(int status) {
        switch (status / 100) {
            case 2 -> stats.ok.increment();
            case 4 -> stats.clientErrors.increment();
            case 5 -> stats.serverErrors.increment();
            default -> stats.transportErrors.increment();
        }
    }

    private static String predictionId(HttpResponse<Buffer> response) {
        try {
            JsonObject json = response.bodyAsJsonObject();
            return json == null ? null : json.getString("prediction_id");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The common feedback body: {@code actual} is a number for a regression, a label for a classification. */
    private void postFeedback(String predictionId, Object actual) {
        if (closed) {
            return;
        }
        stats.feedbackSent.increment();
        var request = client.postAbs(plan.feedbackUrl()).timeout(plan.timeout().toMillis());
        if (!plan.feedbackToken().isEmpty()) {
            request.putHeader("Authorization", "Bearer " + plan.feedbackToken());
        }
        request.sendJsonObject(new JsonObject().put("prediction_id", predictionId).put("actual", actual))
                .onComplete(ar -> {
                    if (closed) {
                        return;
                    }
                    pendingFeedback--;
                    if (ar.failed() || ar.result().statusCode() >= 500) {
                        stats.feedbackFailed.increment();
                    } else if (ar.result().statusCode() >= 400) {
                        stats.feedbackRejected.increment();
                    } else {
                        stats.feedbackOk.increment();
                    }
                    finishIfDrained();
                });
    }

    private void finishIfDrained() {
        if (scheduled && !closed && inflight == 0 && pendingFeedback == 0) {
            closed = true;
            done.complete();
        }
    }

    private void abandonRest() {
        if (!closed) {
            stats.abandoned.add(inflight + pendingFeedback);
            closed = true;
            done.complete();
        }
    }
}
