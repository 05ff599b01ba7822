/**
 * The history: each model's quality window, published as an {@link dev.facet.contracts.event.EvaluationEvent} to
 * the evaluations topic, where it outlives the service and the pairs it judged.
 */
package dev.facet.groundtruth.history;
