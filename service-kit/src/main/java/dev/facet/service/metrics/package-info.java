/** Per-service Prometheus registry wiring and the /metrics endpoint. */
package dev.facet.service.metrics;
