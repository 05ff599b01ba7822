/**
 * The join of prediction events with feedback events by {@code prediction_id}: the in-memory state machine
 * ({@link dev.facet.groundtruth.join.Joiner}) and the Kafka consumer loop that feeds it and rebuilds it by replay
 * after a restart ({@link dev.facet.groundtruth.join.JoinLoop}).
 */
package dev.facet.groundtruth.join;
