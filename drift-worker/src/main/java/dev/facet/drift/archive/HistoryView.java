package dev.facet.drift.archive;

import dev.facet.contracts.event.EvaluationEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history object of {@code GET /history} and of a report (issue 22's contract): per drift window a summary
 * (verdict, size, bounds, which features drifted and the drifted share), per feature the times it drifted, and
 * the quality windows with their result as ground-truth published it (the error ratio over time is in there).
 * Oldest first.
 */
public final class HistoryView {

    private HistoryView() {
    }

    public static Map<String, Object> of(String model, Instant from, Instant to, EvaluationArchive.Read read) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("truncated", read.truncated());
        List<Map<String, Object>> drift = new ArrayList<>();
        Map<String, List<String>> features = new LinkedHashMap<>();
        for (EvaluationEvent e : read.drift()) {
            Map<String, Object> entry = header(e);
            entry.put("size", e.result().get("size"));
            entry.put("first_event_time", time(e.bounds().firstEventTime()));
            entry.put("last_event_time", time(e.bounds().lastEventTime()));
            List<String> drifted = drifted(e.result());
            entry.put("drifted_features", drifted);
            entry.put("drifted_share", e.result().get("drifted_share"));
            drifted.forEach(f -> features.computeIfAbsent(f, x -> new ArrayList<>()).add(e.evaluatedAt().toString()));
            drift.add(entry);
        }
        out.put("drift", drift);
        out.put("features", features);
        List<Map<String, Object>> quality = new ArrayList<>();
        for (EvaluationEvent e : read.quality()) {
            Map<String, Object> entry = header(e);
            entry.put("result", e.result());
            quality.add(entry);
        }
        out.put("quality", quality);
        return out;
    }

    private static Map<String, Object> header(EvaluationEvent e) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("evaluated_at", e.evaluatedAt().toString());
        entry.put("window", e.window());
        entry.put("model_version", e.modelVersion());
        entry.put("verdict", e.verdict());
        return entry;
    }

    /** The features whose test drifted, in the result's (schema) order; none for a window without a verdict. */
    private static List<String> drifted(Map<String, Object> result) {
        List<String> out = new ArrayList<>();
        if (result.get("features") instanceof Map<?, ?> features) {
            features.forEach((name, f) -> {
                if (f instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("drifted"))) {
                    out.add(String.valueOf(name));
                }
            });
        }
        return out;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
