/**
 * Reading the history back: the evaluations of one model over a period, from the {@code evaluations} topic that
 * {@code dev.facet.drift.history} and ground-truth write. Plain Kafka clients, blocking: callers run it on a
 * worker thread, never an event loop.
 */
package dev.facet.drift.archive;
