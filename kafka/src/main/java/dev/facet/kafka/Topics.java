package dev.facet.kafka;

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
     * predictions.dlq:1, ground-truth.dlq:1}.
     *
     * @return topic name to partition count, in that order, unmodifiable
     */
    public static Map<String, Integer> all() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(PREDICTIONS, DEFAULT_PARTITIONS);
        topics.put(GROUND_TRUTH, DEFAULT_PARTITIONS);
        topics.put(dlq(PREDICTIONS), DLQ_PARTITIONS);
        topics.put(dlq(GROUND_TRUTH), DLQ_PARTITIONS);
        return Collections.unmodifiableMap(topics);
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
