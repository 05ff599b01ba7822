/**
 * The events that flow between the services over Kafka (prediction and feedback), their versioned JSON form
 * and the codec that writes and strictly reads it. The JSON Schemas are under {@code /schemas} in this jar.
 */
package dev.facet.contracts.event;
