/**
 * The drift-worker service: {@link dev.facet.drift.DriftWorkerApp} starts it (config, reference statistics from
 * the model bundle, the consumer and HTTP verticles), {@link dev.facet.drift.DriftWorkerMain} runs it alone.
 */
package dev.facet.drift;
