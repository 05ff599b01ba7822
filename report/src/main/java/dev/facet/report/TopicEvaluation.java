package dev.facet.report;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.InstanceShare;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.stats.WindowSample;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Drift over a period of the predictions topic, judged by the drift-worker's own code: its {@link Reference} of the
 * bundle, its {@link EventColumns} (which events fit a version, and how each becomes a row), its window buffers and
 * its {@link DriftEngine} under the worker's {@link DataDriftPolicy}, at the whole alpha (one instance reads every
 * partition). Two ways to cut the period into segments:
 * <ul>
 *   <li>{@link #periods}: one segment per {@code every} (or one for the whole period), by record timestamp, holding
 *       every event of the model's version in it: what batch monitoring computes per hour or per day;</li>
 *   <li>{@link #recordedWindows}: the streaming worker's own count windows, as its evaluation events on the
 *       evaluations topic record them (per partition the first and last offset). A count window is tumbling over
 *       the events of one version in the consumer's order, and within a partition that order is the offsets', so
 *       the window holds exactly that version's readable events in those offset ranges; rebuilt from them, it is
 *       the same multiset of values, and the engine (which sorts copies and counts) gives the same statistics bit
 *       for bit.</li>
 * </ul>
 * Not thread-safe; one report at a time.
 */
public final class TopicEvaluation {

    /** What the segments were read from: counts for the summary, and the version judged. */
    public record Result(Reference reference, List<Segment> segments, long recordsRead, long eventsUsed,
                         Map<String, Long> skipped) {
    }

    private final TopicReader reader;
    private final ModelRepository repository;
    private final DataDriftPolicy policy;
    private final JsonObject qualitySettings;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Optional<Version>> versions = new HashMap<>();

    /**
     * @param qualitySettings the ground-truth service's settings, for quality per segment; null for drift only
     */
    TopicEvaluation(TopicReader reader, ModelRepository repository, DataDriftPolicy policy,
                    JsonObject qualitySettings) {
        this.reader = reader;
        this.repository = repository;
        this.policy = policy;
        this.qualitySettings = qualitySettings;
    }

    /** One version's reference, and the worker's reader of its events' columns with its scratch row. */
    private record Version(BundleMetadata bundle, Reference reference, EventColumns columns, Row row,
                           DriftEngine engine) {
    }

    /**
     * Segments of {@code every} from {@code from} (the last one ends at {@code to}), or one segment when
     * {@code every} is null. Only one version is judged: {@code version}, or else the version of the period's newest
     * event (the one {@code /drift} calls current); events of other versions are counted as skipped. With a
     * {@code feedbackTopic} (and quality settings), each segment's quality too ({@link SegmentQuality}): the actuals
     * are read from {@code from} to the end of that topic, since an actual comes after its prediction.
     */
    Result periods(String topic, String feedbackTopic, String model, String version, Instant from, Instant to,
                   Duration every, Progress.Factory progress) {
        boolean quality = feedbackTopic != null && qualitySettings != null;
        Map<String, SegmentQuality> qualities = new HashMap<>();
        List<Instant> bounds = bounds(from, to, every);
        Map<Integer, long[]> ranges = reader.offsets(topic, from, to);
        Map<String, Samples[]> byVersion = new LinkedHashMap<>();
        long[] newest = {Long.MIN_VALUE};
        String[] newestVersion = {null};
        Progress bar = progress.create("reading " + topic, TopicReader.total(ranges));
        reader.read(topic, ranges, bar, record -> {
            long t = record.timestamp();
            if (t < from.toEpochMilli() || t >= to.toEpochMilli()) {
                return; // CreateTime need not grow with the offset: a record inside the offsets can be outside the period
            }
            ServedPrediction event = decode(record);
            if (event == null || !event.modelName().equals(model)) {
                return;
            }
            if (version != null && !event.modelVersion().equals(version)) {
                skip("other_version");
                return;
            }
            Version v = version(model, event.modelVersion());
            if (v == null) {
                return;
            }
            if (!v.columns().read(event, v.row())) {
                skip("schema_mismatch");
                return;
            }
            int segment = segment(bounds, t);
            Samples[] segments = byVersion.computeIfAbsent(event.modelVersion(), x -> new Samples[bounds.size() - 1]);
            if (segments[segment] == null) {
                segments[segment] = new Samples(v.reference());
            }
            segments[segment].add(v.row(), record.partition(), record.offset());
            if (quality) {
                qualities.computeIfAbsent(event.modelVersion(),
                        x -> new SegmentQuality(v.bundle(), qualitySettings, bounds.size() - 1)).prediction(segment, event);
            }
            if (t >= newest[0]) {
                newest[0] = t;
                newestVersion[0] = event.modelVersion();
            }
        });
        bar.finish();
        if (newestVersion[0] == null) {
            throw new ReportException("no prediction of model '" + model + "'" + (version == null ? "" : " version '"
                    + version + "'") + " on topic '" + topic + "' from " + from + " to " + to + " ("
                    + bar.done() + " records read" + skippedText() + ")");
        }
        String judged = newestVersion[0];
        byVersion.forEach((v, segments) -> {
            if (!v.equals(judged)) {
                long n = 0;
                for (Samples s : segments) {
                    n += s == null ? 0 : s.size();
                }
                skipped.merge("other_version", n, Long::sum);
            }
        });
        Version v = versions.get(judged).orElseThrow();
        Samples[] segments = byVersion.get(judged);
        SegmentQuality judgedQuality = qualities.get(judged);
        long feedbackRead = 0;
        if (judgedQuality != null) {
            Map<Integer, long[]> feedbackRanges = reader.offsets(feedbackTopic, from, null);
            Progress actuals = progress.create("reading " + feedbackTopic, TopicReader.total(feedbackRanges));
            reader.read(feedbackTopic, feedbackRanges, actuals, record -> judgedQuality.feedback(record.value()));
            actuals.finish();
            feedbackRead = actuals.done();
        }
        Instant now = Instant.now();
        List<Segment> out = new ArrayList<>();
        long used = 0;
        for (int i = 0; i < segments.length; i++) {
            String name = bounds.get(i) + "/" + bounds.get(i + 1);
            if (segments[i] == null) {
                out.add(new Segment(name, null, null, null));
                continue;
            }
            used += segments[i].size();
            WindowSample sample = segments[i].sample(name);
            out.add(new Segment(name, v.engine().evaluate(sample, now, InstanceShare.whole()),
                    judgedQuality == null ? null : judgedQuality.quality(i), null));
        }
        return new Result(v.reference(), out, bar.done() + feedbackRead, used, Map.copyOf(skipped));
    }

    /**
     * The streaming worker's count windows of {@code model} lying wholly in {@code [from, to)} (by their first and
     * last event time), read off {@code evaluationsTopic}, each rebuilt from its offset ranges of {@code topic} and
     * judged again; evaluated at the recorded {@code evaluated_at}, so that a faithful reproduction is the recorded
     * result itself. A window whose events are no longer all on the topic (retention) is left out, with a warning
     * counted under {@code incomplete_window}.
     */
    Result recordedWindows(String topic, String evaluationsTopic, String model, Instant from, Instant to,
                           Progress.Factory progress) {
        List<EvaluationEvent> windows = new ArrayList<>();
        Map<Integer, long[]> evaluationRanges = reader.offsets(evaluationsTopic, from, null);
        Progress bar = progress.create("reading " + evaluationsTopic, TopicReader.total(evaluationRanges));
        reader.read(evaluationsTopic, evaluationRanges, bar, record -> {
            EvaluationEvent e;
            try {
                e = EvaluationCodec.decode(record.value());
            } catch (EventFormatException | RuntimeException ex) {
                skip("unreadable_evaluation");
                return;
            }
            if (e.kind().equals(EvaluationEvent.DRIFT) && e.modelName().equals(model)
                    && e.window().equals(CountWindow.NAME) && e.bounds().firstEventTime() != null
                    && !e.bounds().firstEventTime().isBefore(from) && e.bounds().lastEventTime().isBefore(to)
                    && !e.bounds().offsets().isEmpty() && sizeOf(e) > 0) {
                windows.add(e);
            }
        });
        bar.finish();
        if (windows.isEmpty()) {
            throw new ReportException("no count window of model '" + model + "' recorded on topic '"
                    + evaluationsTopic + "' from " + from + " to " + to + " (is the drift-worker's history on, and"
                    + " the period long enough for a window? --window time judges the period's events instead)");
        }
        Map<Integer, long[]> ranges = new TreeMap<>();
        for (EvaluationEvent w : windows) {
            w.bounds().offsets().forEach((partition, r) -> ranges.merge(partition, new long[] {r.first(), r.last() + 1},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
        }
        List<CountWindow> open = new ArrayList<>();
        WindowSample[] closed = new WindowSample[windows.size()];
        for (EvaluationEvent w : windows) {
            Version v = version(model, w.modelVersion());
            open.add(v == null ? null : new CountWindow(sizeOf(w), v.reference()));
        }
        long[] used = {0};
        Progress predictions = progress.create("reading " + topic, TopicReader.total(ranges));
        reader.read(topic, ranges, predictions, record -> {
            ServedPrediction event = decode(record);
            if (event == null || !event.modelName().equals(model)) {
                return;
            }
            for (int i = 0; i < windows.size(); i++) {
                EvaluationEvent w = windows.get(i);
                EvaluationEvent.OffsetRange r = w.bounds().offsets().get(record.partition());
                if (r == null || record.offset() < r.first() || record.offset() > r.last() || open.get(i) == null
                        || !w.modelVersion().equals(event.modelVersion())) {
                    continue;
                }
                Version v = versions.get(w.modelVersion()).orElseThrow();
                if (!v.columns().read(event, v.row())) {
                    continue; // the worker skipped it too (schema_mismatch): not in the window
                }
                used[0]++;
                if (closed[i] != null) {
                    throw new ReportException("recorded window " + w.evaluatedAt() + " holds more events of "
                            + model + " " + w.modelVersion() + " in its offsets than its size " + sizeOf(w)
                            + ": not a window of one drift-worker (two workers in one group judging one partition?)");
                }
                closed[i] = open.get(i).add(v.row(), record.partition(), record.offset()).orElse(null);
            }
        });
        predictions.finish();
        List<Segment> out = new ArrayList<>();
        Reference last = null;
        for (int i = 0; i < windows.size(); i++) {
            EvaluationEvent w = windows.get(i);
            if (closed[i] == null) {
                skip("incomplete_window");
                continue;
            }
            Version v = versions.get(w.modelVersion()).orElseThrow();
            last = v.reference();
            Evaluation e = v.engine().evaluate(closed[i], w.evaluatedAt(), InstanceShare.whole());
            out.add(new Segment(w.bounds().firstEventTime() + "/" + w.bounds().lastEventTime(), e, null, w));
        }
        if (out.isEmpty()) {
            throw new ReportException(windows.size() + " count windows of model '" + model + "' are recorded from "
                    + from + " to " + to + ", but none could be rebuilt from topic '" + topic
                    + "' (its records are gone, or the bundles are not in the repository)" + skippedText());
        }
        return new Result(last, out, bar.done() + predictions.done(), used[0], Map.copyOf(skipped));
    }

    private static int sizeOf(EvaluationEvent w) {
        return w.result().get("size") instanceof Number n ? n.intValue() : 0;
    }

    /** The version's reference, engine and columns, read once; null (counted) when the repository lacks it. */
    private Version version(String model, String version) {
        Optional<Version> v = versions.computeIfAbsent(version, x -> repository.bundle(model, version)
                .map(b -> {
                    Reference r = Reference.of(model, version, b.schema(), b.stats());
                    EventColumns columns = new EventColumns(r);
                    return new Version(b, r, columns, columns.newRow(), new DriftEngine(r, policy));
                }));
        if (v.isEmpty()) {
            skip("unknown_version_" + version);
            return null;
        }
        return v.get();
    }

    private ServedPrediction decode(ConsumerRecord<String, byte[]> record) {
        try {
            return EventCodec.decodeServedPrediction(record.value());
        } catch (EventFormatException | RuntimeException e) { // the worker skips these too (malformed)
            skip("malformed");
            return null;
        }
    }

    private void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    private String skippedText() {
        return skipped.isEmpty() ? "" : "; skipped " + skipped;
    }

    /** {@code from}, {@code from + every}, ..., {@code to}. */
    static List<Instant> bounds(Instant from, Instant to, Duration every) {
        List<Instant> out = new ArrayList<>();
        out.add(from);
        if (every != null) {
            for (Instant t = from.plus(every); t.isBefore(to); t = t.plus(every)) {
                out.add(t);
            }
        }
        out.add(to);
        return out;
    }

    private static int segment(List<Instant> bounds, long millis) {
        int lo = 0;
        int hi = bounds.size() - 2;
        while (lo < hi) { // the last segment whose start is <= millis
            int mid = (lo + hi + 1) >>> 1;
            if (bounds.get(mid).toEpochMilli() <= millis) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
