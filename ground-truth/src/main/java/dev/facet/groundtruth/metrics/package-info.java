/**
 * Every meter of the ground-truth service, declared in one class: gauges and counters that read
 * {@link dev.facet.groundtruth.state.QualityState}, and the counters of the HTTP guards it is told about.
 */
package dev.facet.groundtruth.metrics;
