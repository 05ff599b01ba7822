package dev.facet.drift.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.FieldError;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.drift.archive.ArchiveUnavailableException;
import dev.facet.drift.archive.EvaluationArchive;
import dev.facet.drift.archive.HistoryView;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.models.RepositoryModels;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.stats.Evaluation;
import dev.facet.service.http.ClientErrorException;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The bodies of {@code GET /history} and {@code GET /report.json} (issue 22's contract). The drift-worker serves
 * the report because it holds what a report draws: the reference samples and the windows (their latest
 * evaluations, with distributions, in {@link DriftState}). Quality and the history come from the evaluations topic
 * ({@link EvaluationArchive}), where ground-truth publishes every quality window, so no service calls another.
 *
 * <p>Blocking (one topic read, a few small files of the repository): every method runs on a worker thread.
 */
final class Reports {

    /** The period a history or a report covers when none is asked for. */
    static final Duration DEFAULT_PERIOD = Duration.ofHours(24);
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    /**
     * The project's mapper, but writing nulls: the contract's documents say "null" where there is nothing yet
     * (a label list of a regressor, a window without a verdict), and a quality result passes through verbatim.
     */
    private static final ObjectMapper WRITER = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private final DriftState state;
    private final EvaluationArchive archive;
    private final RepositoryModels repository;

    Reports(DriftState state, EvaluationArchive archive, RepositoryModels repository) {
        this.state = state;
        this.archive = archive;
        this.repository = repository;
    }

    /** What a history request asks: checked on the event loop, before any work is queued. */
    record Query(String model, Instant from, Instant to, int limit) {
    }

    /** The query of {@code /history} (and, with the defaults, of a report); a bad parameter is a 400 naming it. */
    static Query query(String model, String from, String to, String limit, Instant now) {
        if (model == null || model.isBlank()) {
            throw invalid("model", "is required: the name of a model, e.g. ?model=penguins");
        }
        Instant t = to == null ? now : instant("to", to);
        Instant f = from == null ? t.minus(DEFAULT_PERIOD) : instant("from", from);
        if (f.isAfter(t)) {
            throw invalid("from", "must not be after 'to' (" + t + "), got " + f);
        }
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw invalid("limit", "must be an integer from 1 to " + MAX_LIMIT + ", got " + cut(limit));
            }
        }
        return new Query(model, f, t, n);
    }

    /** A document as JSON bytes, nulls written. */
    static Buffer encode(Map<String, Object> document) {
        try {
            return Buffer.buffer(WRITER.writeValueAsBytes(document));
        } catch (JsonProcessingException e) { // maps of plain values always serialize
            throw new IllegalStateException("report document not serializable", e);
        }
    }

    /** The history object of {@code q}'s model and period. */
    Map<String, Object> history(Query q) {
        EvaluationArchive.Read read = read(q);
        known(q.model(), read);
        return HistoryView.of(q.model(), q.from(), q.to(), read);
    }

    /** The live report document of {@code model}: both windows of its current version, quality, the last 24 h. */
    Map<String, Object> report(String model, Instant now, String where) {
        Query q = new Query(model, now.minus(DEFAULT_PERIOD), now, DEFAULT_LIMIT);
        EvaluationArchive.Read read = read(q);
        known(model, read);
        Optional<DriftState.ModelState> monitored = state.model(model);
        String version = monitored.map(DriftState.ModelState::currentVersion)
                .or(() -> repository.newest(model))
                .or(() -> read.drift().isEmpty() ? Optional.empty()
                        : Optional.of(read.drift().get(read.drift().size() - 1).modelVersion()))
                .orElse(null);
        Optional<ModelSchema> schema = version == null ? Optional.empty() : repository.schema(model, version);
        DriftState.VersionState current = version == null ? null
                : monitored.map(m -> m.versions().get(version)).orElse(null);
        Map<String, Object> quality = read.quality().isEmpty() ? null
                : read.quality().get(read.quality().size() - 1).result();

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("report_version", 1);
        doc.put("generated_at", now.toString());
        doc.put("source", ordered("kind", "live", "description", "drift-worker " + where + ": the latest windows of "
                + model + " version " + version + "; quality and history from topic '" + archive.topic() + "'"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", model);
        m.put("version", version);
        Task task = schema.map(ModelSchema::task).orElse(null);
        m.put("task", task == null ? null : task instanceof Task.Classification ? "classification" : "regression");
        m.put("target", task == null ? null : task.target());
        m.put("labels", task instanceof Task.Classification c ? c.labels() : null);
        doc.put("model", m);
        List<Map<String, Object>> segments = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (String window : DriftMetrics.WINDOWS) {
            Evaluation e = current == null ? null : current.latest(window);
            if (e != null && e.firstEventTime() != null) {
                first = first == null || e.firstEventTime().isBefore(first) ? e.firstEventTime() : first;
            }
            if (e != null && e.lastEventTime() != null) {
                last = last == null || e.lastEventTime().isAfter(last) ? e.lastEventTime() : last;
            }
            segments.add(ordered("name", window, "evaluation", e == null ? null : DriftReport.evaluation(e),
                    "quality", quality));
        }
        doc.put("period", ordered("from", first == null ? null : first.toString(),
                "to", last == null ? null : last.toString()));
        doc.put("policy", DriftReport.policy(state));
        doc.put("segments", segments);
        doc.put("history", HistoryView.of(model, q.from(), q.to(), read));
        return doc;
    }

    private EvaluationArchive.Read read(Query q) {
        try {
            return archive.read(q.model(), q.from(), q.to(), q.limit());
        } catch (ArchiveUnavailableException e) {
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "the history cannot be read now: "
                    + e.getMessage() + "; try again when the broker is back");
        }
    }

    /** A model is known when it is monitored, deployed, or has evaluations in the period read; else a 404. */
    private void known(String model, EvaluationArchive.Read read) {
        if (state.model(model).isPresent() || read.models().contains(model)) {
            return;
        }
        TreeSet<String> names = new TreeSet<>(repository.versions().keySet());
        if (names.contains(model)) {
            return;
        }
        names.addAll(state.modelNames());
        names.addAll(read.models());
        throw new ClientErrorException(ErrorBody.Kind.NOT_FOUND, new ErrorBody(ErrorBody.Kind.NOT_FOUND.code(),
                "no model '" + cut(model) + "' is deployed, monitored or in the history; known models: " + names,
                List.of(new FieldError("model", "must be one of " + names))));
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw invalid(field, "must be an ISO-8601 UTC time such as 2026-12-03T10:00:00Z, got '" + cut(value) + "'");
        }
    }

    private static ClientErrorException invalid(String field, String problem) {
        return new ClientErrorException(ErrorBody.Kind.VALIDATION,
                ErrorBody.validation(List.of(new FieldError(field, problem))));
    }

    /** Client text as a message shows it: cut short so a long query cannot grow the answer. */
    static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
