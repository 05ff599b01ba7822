/** Publishing events to Kafka from an event loop without blocking it, with bounded buffering and metrics. */
package dev.facet.service.kafka;
