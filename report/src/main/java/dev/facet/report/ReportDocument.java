package dev.facet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.facet.contracts.schema.Task;
import dev.facet.drift.http.DriftReport;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report document (report_version 1) that {@code GET /report.json} serves and the report page draws, for a
 * batch: source kind {@code topics} or {@code file}, one entry per segment whose {@code evaluation} is exactly the
 * drift-worker's evaluation object ({@link DriftReport#evaluation}) and whose policy is exactly {@code /drift}'s
 * ({@link DriftReport#policy}, for one instance holding every partition). No history (that is the live report's).
 */
final class ReportDocument {

    static final int VERSION = 1;
    /**
     * Not contracts' {@code Json.MAPPER}, which leaves nulls out: the document's nulls say something ("no evaluation
     * in this segment", "no history") and the page reads them, as it reads {@code /drift}'s.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportDocument() {
    }

    static Map<String, Object> of(Instant generatedAt, String kind, String description, Reference model,
                                  Instant from, Instant to, DataDriftPolicy policy, List<Segment> segments) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("report_version", VERSION);
        doc.put("generated_at", generatedAt.toString());
        doc.put("source", Map.of("kind", kind, "description", description));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", model.modelName());
        m.put("version", model.modelVersion());
        Task task = model.schema().task();
        m.put("task", task instanceof Task.Classification ? "classification" : "regression");
        m.put("target", task.target());
        m.put("labels", task instanceof Task.Classification c ? c.labels() : null);
        doc.put("model", m);
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", from == null ? null : from.toString());
        period.put("to", to == null ? null : to.toString());
        doc.put("period", period);
        doc.put("policy", DriftReport.policy(new DriftState(policy)));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Segment s : segments) {
            Map<String, Object> segment = new LinkedHashMap<>();
            segment.put("name", s.name());
            segment.put("evaluation", s.evaluation() == null ? null : DriftReport.evaluation(s.evaluation()));
            segment.put("quality", s.quality());
            out.add(segment);
        }
        doc.put("segments", out);
        doc.put("history", null);
        return doc;
    }

    static String json(Map<String, Object> document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report document is plain maps, lists and numbers", e);
        }
    }
}
