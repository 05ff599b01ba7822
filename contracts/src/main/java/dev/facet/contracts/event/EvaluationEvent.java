package dev.facet.contracts.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One evaluated window, as kept on topic {@code evaluations}: a drift window (drift-worker) or a quality window
 * (ground-truth) of one model version, with its bounds, its verdict and its full result. The result is the same
 * object the service shows for that window ({@code GET /drift}'s {@code latest}, {@code GET /quality}'s model
 * figures), so a reader of the history sees what an operator saw, and the two never disagree.
 *
 * @param kind     {@link #DRIFT} or {@link #QUALITY}
 * @param window   the window's name, e.g. {@code count} or {@code time}
 * @param verdict  {@link #VERDICT_DRIFT}, {@link #VERDICT_NO_DRIFT} or {@link #VERDICT_INSUFFICIENT}
 * @param bounds   what the window held, as far as the service knows it
 * @param result   the service's report of the window (JSON values: maps, lists, strings, numbers, booleans, null)
 */
public record EvaluationEvent(int schemaVersion, String kind, String modelName, String modelVersion, String window,
                              Instant evaluatedAt, String verdict, Bounds bounds, Map<String, Object> result) {

    public static final int SCHEMA_VERSION = 1;
    public static final String DRIFT = "drift";
    public static final String QUALITY = "quality";
    public static final String VERDICT_DRIFT = "drift";
    public static final String VERDICT_NO_DRIFT = "no_drift";
    public static final String VERDICT_INSUFFICIENT = "insufficient_data";
    static final Set<String> KINDS = Set.of(DRIFT, QUALITY);
    static final Set<String> VERDICTS = Set.of(VERDICT_DRIFT, VERDICT_NO_DRIFT, VERDICT_INSUFFICIENT);

    public EvaluationEvent {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(result, "result");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + KINDS + ", got " + kind);
        }
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException("verdict must be one of " + VERDICTS + ", got " + verdict);
        }
        // a copy that keeps the report's order and its nulls (Map.copyOf would refuse them)
        result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }

    /**
     * The window's extent. The times are null when the service does not know them (a quality window holds pairs,
     * not event times); {@code offsets} is empty when it does not track them.
     *
     * @param offsets per partition of the source topic, the first and last offset in the window
     */
    public record Bounds(Instant firstEventTime, Instant lastEventTime, Map<Integer, OffsetRange> offsets) {
        public Bounds {
            offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
        }

        public static Bounds unknown() {
            return new Bounds(null, null, Map.of());
        }
    }

    /** First and last offset, both inclusive. */
    public record OffsetRange(long first, long last) {
    }
}
