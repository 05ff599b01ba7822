/** Every meter the serving service declares ({@link dev.facet.serving.metrics.ServingMetrics}) and its helpers. */
package dev.facet.serving.metrics;
