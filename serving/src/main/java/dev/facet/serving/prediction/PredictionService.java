package dev.facet.serving.prediction;

import dev.facet.contracts.event.PredictionEventWriter;
import dev.facet.contracts.schema.Diamond;
import dev.facet.service.kafka.EventPublisher;
import dev.facet.serving.inference.LoadedModel;
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
 * Predicts validated rows with the current model, shows them to an observer (the metrics) and publishes one
 * event per row. A model that fails is a {@link ModelFailureException}; what a client sees of it is the HTTP
 * layer's business.
 *
 * <p>Thread-safe. On an event loop (single rows, small batches) it never waits for the broker:
 * {@link EventPublisher#publish} only hands the record over. On a worker (large batches) it first waits, at most
 * {@link #BACKPRESSURE_MAX}, while a live broker is behind ({@link EventPublisher#awaitCapacity}): a burst of
 * batches slows down to what the broker takes instead of losing events (without it, concurrent large batches
 * made serving drop events and spend its CPU in GC: BENCHMARKS.md). A batch is
 * all predicted before anything is published, so a model failure mid-batch publishes nothing.
 */
public final class PredictionService {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
    /** Longest a batch waits for a live broker to catch up before its events go to the bound like any others. */
    static final Duration BACKPRESSURE_MAX = Duration.ofSeconds(5);

    private final AtomicReference<LoadedModel> model;
    private final EventPublisher publisher;
    private final ServedRows observer;
    private final PredictionIds ids = new PredictionIds();

    /**
     * @param publisher null when publishing is disabled ({@code kafka.enabled=false})
     * @param observer  sees every predicted batch (the service's metrics)
     */
    /** Renders this service's events; owns the caches that make that cheap. */
    private final PredictionEventWriter eventWriter = new PredictionEventWriter();

    public PredictionService(AtomicReference<LoadedModel> model, EventPublisher publisher, ServedRows observer) {
        this.model = model;
        this.publisher = publisher;
        this.observer = observer;
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
        // milliseconds are the events' precision; Instant.now() goes through a JNI call on Java 17, a visible share
        // of serving's CPU under load (BENCHMARKS.md), and currentTimeMillis is an intrinsic
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        // what the events of this request share (timestamp, model) is rendered once, not once per row
        PredictionEventWriter.Request events = publisher == null ? null : eventWriter.request(now, m.name(), m.version());
        observer.served(m, endpoint, rows, prices);
        if (publisher != null && !Context.isOnEventLoopThread()) {
            // a batch on a worker: if the broker is alive but behind, wait for it rather than have events dropped
            publisher.awaitCapacity(BACKPRESSURE_MAX);
        }
        String[] newIds = ids.next(prices.length);
        List<Prediction> out = new ArrayList<>(prices.length);
        for (int i = 0; i < prices.length; i++) {
            Diamond d = rows.get(i);
            String id = newIds[i];
            String priceText = Double.toString(prices[i]); // for the event and the reply alike
            if (publisher != null) {
                // never blocks; a full buffer drops the event and counts it (the response is still served)
                publisher.publish(id, events.write(id, d, prices[i], priceText));
            }
            out.add(new Prediction(id, prices[i], priceText));
        }
        return out;
    }

    /**
     * Predictions of a model that is data ({@link SchemaRows}' vectors, in schema order), in order; each published
     * as a version 2 event ({@link ModelEvents}).
     */
    public List<ModelAnswer> answerAll(LoadedModel m, List<double[]> rows, Endpoint endpoint) {
        List<ModelAnswer> answers = answersOf(m, rows);
        observer.answered(m, endpoint, rows, answers);
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        if (publisher != null) {
            if (!Context.isOnEventLoopThread()) {
                publisher.awaitCapacity(BACKPRESSURE_MAX);
            }
            for (int i = 0; i < answers.size(); i++) {
                publisher.publish(answers.get(i).predictionId(), ModelEvents.encode(m, now, rows.get(i), answers.get(i)));
            }
        }
        return answers;
    }

    private List<ModelAnswer> answersOf(LoadedModel m, List<double[]> rows) {
        String[] newIds = ids.next(rows.size());
        List<ModelAnswer> out = new ArrayList<>(rows.size());
        try {
            if (m.classifier()) {
                for (int i = 0; i < rows.size(); i++) {
                    double[] p = m.forest().predictProba(rows.get(i));
                    out.add(new ModelAnswer(newIds[i], Double.NaN, m.forest().label(p), p));
                }
            } else {
                double[] values = m.forest().predictAll(rows.toArray(double[][]::new));
                for (int i = 0; i < values.length; i++) {
                    if (!Double.isFinite(values[i])) {
                        throw modelFailure(m, rows.get(i), "non-finite prediction " + values[i], null);
                    }
                    out.add(new ModelAnswer(newIds[i], values[i], -1, null));
                }
            }
        } catch (ModelFailureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw modelFailure(m, rows.size() + " rows", e.toString(), e);
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

    private static ModelFailureException modelFailure(LoadedModel m, Object input, String what, Throwable cause) {
        String incident = UUID.randomUUID().toString();
        LOG.error("incident {}: model {} {} failed on {}: {}", incident, m.name(), m.version(), input, what, cause);
        // logged here with the input and the cause; the client learns only the incident id
        return new ModelFailureException(incident);
    }
}
