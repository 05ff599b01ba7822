/**
 * The drift-worker service: {@link dev.facet.drift.DriftWorkerApp} starts it (config, reference statistics from
 * the model bundle, the HTTP verticle and the consumer on its own thread),
 * {@link dev.facet.drift.DriftWorkerMain} runs it alone.
 */
package dev.facet.drift;
