/** Every meter of the drift-worker, declared in one place. */
package dev.facet.drift.metrics;
