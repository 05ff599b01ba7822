/**
 * Fault and hostile-input tests of the three services against a real Kafka broker: a broker outage under load,
 * {@code kill -9} and restart of the consumers, and generated malformed requests and records.
 */
package dev.facet.reliability;
