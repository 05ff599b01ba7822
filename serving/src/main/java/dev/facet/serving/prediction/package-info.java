/**
 * The one operation behind every endpoint: predict validated rows with the current model, show them to an
 * observer (the metrics) and hand their events to Kafka without waiting; plus turning request bodies into
 * validated rows. Failures are this package's own exceptions (invalid input, model failure), never HTTP statuses.
 */
package dev.facet.serving.prediction;
