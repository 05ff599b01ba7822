/** The drift-worker's HTTP face: {@code GET /drift}, {@code GET /metrics} and the health endpoints. */
package dev.facet.drift.http;
