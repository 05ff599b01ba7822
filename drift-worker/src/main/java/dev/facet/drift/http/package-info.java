/**
 * The drift-worker's HTTP face: {@code GET /drift}, the history and the reports ({@code GET /history},
 * {@code /report.json}, {@code /report}), {@code GET /metrics} and the health endpoints.
 */
package dev.facet.drift.http;
