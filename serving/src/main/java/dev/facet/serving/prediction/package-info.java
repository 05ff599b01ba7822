/**
 * The one operation behind every endpoint: predict validated rows with the current model, record them in the
 * metrics and hand their events to Kafka without waiting; plus turning request bodies into validated rows.
 */
package dev.facet.serving.prediction;
