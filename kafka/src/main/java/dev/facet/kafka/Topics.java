package dev.facet.kafka;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's topic names and partition counts, as in the contracts table of the design notes.
 *
 * <p>{@link #PREDICTIONS} and {@link #GROUND_TRUTH} have the same partition count and the same key
 * ({@code prediction_id}), so a prediction and its actual price land in the same partition number and a
 * joiner can read both with one consumer per partition.
 */
public final class Topics {

    /** Prediction events from serving, keyed by {@code prediction_id}. */
    public static final String PREDICTIONS = "predictions";

    /** Feedback events (actual prices), keyed by {@code prediction_id} like {@link #PREDICTIONS}. */
    public static final String GROUND_TRUTH = "ground-truth";

    /**
     * Evaluated drift and quality windows (one event per window, not per prediction), keyed by model name: the
     * monitoring history. Kept for {@link #EVALUATIONS_RETENTION}, much longer than the broker's default that the
     * predictions get, so a history outlives the events it judged.
     */
    public static final String EVALUATIONS = "evaluations";

    /**
     * Retention of {@link #EVALUATIONS}: a year, so a history can be compared with the same season last year.
     * A window is a few kilobytes and comes every few minutes per model, so a year is megabytes, not gigabytes.
     */
    public static final Duration EVALUATIONS_RETENTION = Duration.ofDays(365);

    /** Partitions of {@link #EVALUATIONS}: few events, and one partition keeps every model's history in order. */
    public static final int EVALUATIONS_PARTITIONS = 1;

    /** Appended to a topic's name to name its dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Partitions of {@link #PREDICTIONS} and {@link #GROUND_TRUTH}; they must be equal. */
    public static final int DEFAULT_PARTITIONS = 6;

    /** Partitions of a dead-letter topic: rare records, order across partitions does not matter. */
    public static final int DLQ_PARTITIONS = 1;

    private Topics() {
    }

    /**
     * The topics the services use, with their partition counts: {@code predictions:6, ground-truth:6,
     * predictions.dlq:1, ground-truth.dlq:1, evaluations:1}.
     *
     * @return topic name to partition count, in that order, unmodifiable
     */
    public static Map<String, Integer> all() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(PREDICTIONS, DEFAULT_PARTITIONS);
        topics.put(GROUND_TRUTH, DEFAULT_PARTITIONS);
        topics.put(dlq(PREDICTIONS), DLQ_PARTITIONS);
        topics.put(dlq(GROUND_TRUTH), DLQ_PARTITIONS);
        topics.put(EVALUATIONS, EVALUATIONS_PARTITIONS);
        return Collections.unmodifiableMap(topics);
    }

    /**
     * The topic-level settings a topic is created with: {@link #EVALUATIONS} gets its longer retention; every
     * other topic the broker's defaults.
     *
     * @return Kafka topic configs (e.g. {@code retention.ms}), unmodifiable, empty for most topics
     */
    public static Map<String, String> config(String topic) {
        if (EVALUATIONS.equals(topic)) {
            return Map.of("retention.ms", Long.toString(EVALUATIONS_RETENTION.toMillis()));
        }
        return Map.of();
    }

    /**
     * Names the dead-letter topic of a topic.
     *
     * @param topic a topic name, such as {@link #PREDICTIONS}
     * @return {@code topic + ".dlq"}
     */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
