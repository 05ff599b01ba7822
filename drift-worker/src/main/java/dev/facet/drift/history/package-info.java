/**
 * The history: every evaluated window, published as an {@link dev.facet.contracts.event.EvaluationEvent} to the
 * evaluations topic, where it outlives the worker and the predictions it judged.
 */
package dev.facet.drift.history;
