package dev.facet.report;

import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.drift.stats.Evaluation;

import java.util.Map;

/**
 * One segment of a report: a period of the topics, one of the streaming worker's recorded count windows, or a file.
 *
 * @param evaluation the drift verdict on the segment's events; null when the segment holds none
 * @param quality    the {@code /quality} model object of the segment's predictions that have an actual; else null
 * @param recorded   for a recorded window ({@code --window count}), the drift-worker's own evaluation event; else null
 */
public record Segment(String name, Evaluation evaluation, Map<String, Object> quality, EvaluationEvent recorded) {
}
