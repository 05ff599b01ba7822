/**
 * Detection power of the monitors' defaults: false alarms on clean traffic, detection delay and missed detections
 * for each shipped model's drift scenarios, measured in-process with the drift-worker's and ground-truth's own
 * window and test code (no Kafka, no HTTP).
 */
package dev.facet.bench.detection;
