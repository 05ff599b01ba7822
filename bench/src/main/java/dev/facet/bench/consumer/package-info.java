/**
 * Consumer benchmarks: drift-worker and ground-truth throughput from a pre-filled topic, and end-to-end
 * freshness (a served prediction counted by the drift-worker; a posted actual price joined into the MAE)
 * at a steady request rate.
 */
package dev.facet.bench.consumer;
