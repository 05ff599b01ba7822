/**
 * The Kafka side: a loop on a thread of its own that consumes the predictions topic in the {@code drift-worker}
 * group, feeds the windows, evaluates them, commits offsets and publishes its results in a {@link
 * dev.facet.drift.state.DriftState} that the HTTP verticle and the metrics read.
 */
package dev.facet.drift.consumer;
