package dev.facet.serving.prediction;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.event.PredictionEventWriter;
import dev.facet.contracts.schema.Diamond;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.kafka.EventPublisher;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.metrics.ServingMetrics.Endpoint;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Predicts validated rows with the current model, records them in the metrics and publishes one event per row.
 *
 * <p>Thread-safe. On an event loop (single rows, small batches) it never waits for the broker:
 * {@link EventPublisher#publish} only hands the record over. On a worker (large batches) it first waits, at most
 * {@link #BACKPRESSURE_MAX}, while a live broker is behind ({@link EventPublisher#awaitCapacity}): a burst of
 * batches slows down to what the broker takes instead of losing events (measured: at 8 concurrent 1,000-row
 * batches, serving dropped events and spent its CPU in GC; BENCHMARKS.md). A batch is
 * all predicted before anything is published, so a model failure mid-batch publishes nothing.
 */
public final class PredictionService {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
    /** Longest a batch waits for a live broker to catch up before its events go to the bound like any others. */
    static final Duration BACKPRESSURE_MAX = Duration.ofSeconds(5);

    private final AtomicReference<LoadedModel> model;
    private final EventPublisher publisher;
    private final ServingMetrics metrics;

    /** @param publisher null when publishing is disabled ({@code kafka.enabled=false}) */
    /** Renders this service's events; owns the caches that make that cheap. */
    private final PredictionEventWriter eventWriter = new PredictionEventWriter();

    public PredictionService(AtomicReference<LoadedModel> model, EventPublisher publisher, ServingMetrics metrics) {
        this.model = model;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** The model a request should use from start to end (read once per request). */
    public LoadedModel model() {
        return model.get();
    }

    public Prediction predict(LoadedModel m, Diamond row, Endpoint endpoint) {
        return predictAll(m, List.of(row), endpoint).get(0);
    }

    /** Predictions for {@code rows}, in order. */
    public List<Prediction> predictAll(LoadedModel m, List<Diamond> rows, Endpoint endpoint) {
        double[] prices = pricesOf(m, rows);
        // milliseconds are the events' precision; Instant.now() goes through a JNI call on Java 17 and was 3-4% of
        // serving's CPU samples at 20,000 req/s, currentTimeMillis is an intrinsic
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        // what the events of this request share (timestamp, model) is rendered once, not once per row
        PredictionEventWriter.Request events = publisher == null ? null : eventWriter.request(now, m.name(), m.version());
        metrics.served(endpoint, rows, prices);
        if (publisher != null && !Context.isOnEventLoopThread()) {
            // a batch on a worker: if the broker is alive but behind, wait for it rather than have events dropped
            publisher.awaitCapacity(BACKPRESSURE_MAX);
        }
        String[] ids = PredictionIds.next(prices.length);
        List<Prediction> out = new ArrayList<>(prices.length);
        for (int i = 0; i < prices.length; i++) {
            Diamond d = rows.get(i);
            String id = ids[i];
            String priceText = Double.toString(prices[i]); // for the event and the reply alike
            if (publisher != null) {
                // never blocks; a full buffer drops the event and counts it (the response is still served)
                publisher.publish(id, events.write(id, d, prices[i], priceText));
            }
            out.add(new Prediction(id, prices[i], priceText));
        }
        return out;
    }

    private static double[] pricesOf(LoadedModel m, List<Diamond> rows) {
        double[] prices;
        try {
            prices = m.predictor().predictAll(rows);
        } catch (RuntimeException e) {
            throw modelFailure(m, rows.size() == 1 ? rows.get(0) : rows.size() + " rows", e.toString(), e);
        }
        for (int i = 0; i < prices.length; i++) {
            if (!Double.isFinite(prices[i])) {
                throw modelFailure(m, rows.get(i), "non-finite prediction " + prices[i], null);
            }
        }
        return prices;
    }

    private static ClientErrorException modelFailure(LoadedModel m, Object input, String what, Throwable cause) {
        String incident = UUID.randomUUID().toString();
        LOG.error("incident {}: model {} {} failed on {}: {}", incident, m.name(), m.version(), input, what, cause);
        // a pre-formed error body for the failure handler: a counted 500 of kind model_error, no stack trace out
        return new ClientErrorException(ErrorBody.Kind.MODEL, "the model failed to predict; incident " + incident
                + " is in the server log");
    }
}
