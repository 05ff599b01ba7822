/**
 * Windows over the prediction stream: a tumbling count window and a sliding event-time window, both kept as
 * column buffers of primitive values (no object per event) and snapshotted into a
 * {@link dev.facet.drift.stats.WindowSample} for evaluation. Not thread-safe: each is owned by the consumer's
 * thread.
 */
package dev.facet.drift.window;
