/**
 * What the drift-worker knows now: the latest evaluation per window, the windows' fill, the consumer's lag and
 * health. The consumer writes it, the HTTP verticle and the metrics read it; it depends on neither, so neither
 * depends on the other.
 */
package dev.facet.drift.state;
