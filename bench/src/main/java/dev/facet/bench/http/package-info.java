/**
 * HTTP benchmarks: saturation throughput with {@code wrk} against serving (Kafka publishing on) and against
 * a bare Vert.x route that parses the same JSON (the ceiling), then latency at fixed fractions of the
 * saturation rate with an open-loop constant-rate generator that measures from each request's scheduled time.
 */
package dev.facet.bench.http;
