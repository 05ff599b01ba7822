package dev.facet.report;

import dev.facet.drift.DriftWorkerApp;
import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureResult;
import dev.facet.reportview.ReportPage;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report}: the offline mode of the monitors. Judges drift over a period of the predictions topic, or over a
 * CSV batch, with the drift-worker's own code and policy, and writes the report document (JSON) and the report page
 * (one self-contained HTML file). A one-line summary per segment goes to stdout; progress and errors to stderr. Exit
 * status: 0 done, 1 a problem with the input or the broker (one line saying which), 2 a usage error.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drift report of a model over a period of the predictions topic (--from/--to) or over a CSV"
                + " batch (--current), judged exactly as the drift-worker judges its windows."})
public final class ReportCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    @Option(names = "--model", required = true, description = "model name, as in the repository")
    String model;

    @Option(names = "--from", description = "period start: ISO instant (2026-12-03T10:00:00Z), 'now' or '-1h'")
    String from;

    @Option(names = "--to", description = "period end (exclusive): ISO instant, 'now' or '-10m'")
    String to;

    @Option(names = "--every", description = "one segment per period of this length (30m, 1h, 1d); default: one segment")
    String every;

    @Option(names = "--window", defaultValue = "time", description = "time: segments of the period (--every);"
            + " count: the drift-worker's own recorded count windows, rebuilt from their offsets (default ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--current", description = "a CSV batch to compare with the training reference, instead of topics")
    Path current;

    @Option(names = "--model-version", description = "model version; default: the period's newest event's (topics), the newest bundle (file)")
    String version;

    @Option(names = "--out", description = "write the report page (one self-contained HTML file) here")
    Path out;

    @Option(names = "--json", description = "write the report document (JSON) here")
    Path json;

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--models", defaultValue = "models", description = "the model repository (default ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--topic", defaultValue = "predictions", description = "predictions topic (default ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--feedback-topic", defaultValue = "ground-truth", description = "the actuals, for quality per"
            + " segment with --window time (default ${DEFAULT-VALUE}); quality is left out when it does not exist")
    String feedbackTopic;

    @Option(names = "--evaluations-topic", defaultValue = "evaluations", description = "the history topic, for --window count (default ${DEFAULT-VALUE})")
    String evaluationsTopic;

    @Option(names = "--timeout", defaultValue = "10s", description = "give up on a broker that does not answer after this (default ${DEFAULT-VALUE})")
    String timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The policy the drift-worker runs with: its defaults, its config file and its environment overrides. */
    private final DataDriftPolicy policy;
    /** The ground-truth service's settings, the same way: quality is judged as it judges it. */
    private final JsonObject qualitySettings;

    public ReportCommand() {
        this(DriftWorkerConfig.from(Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json",
                System.getenv())).policy(),
                Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, System.getenv()));
    }

    ReportCommand(DataDriftPolicy policy, JsonObject qualitySettings) {
        this.policy = policy;
        this.qualitySettings = qualitySettings;
        GroundTruthConfig.from(qualitySettings); // checked once, here, with the key's name on a wrong value
    }

    public static void main(String[] args) {
        // the Kafka clients log every failed connection attempt at WARN; the command reports the outcome in one line
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.exit(commandLine(new ReportCommand()).execute(args));
    }

    static CommandLine commandLine(ReportCommand command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ReportException) {
                cmd.getErr().println("report: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Progress.Factory progress = Progress.on(stderr, System.console() != null);
        ModelRepository repository = new ModelRepository(models);
        Map<String, Object> document;
        List<Segment> segments;
        if (current != null) {
            if (from != null || to != null || every != null) {
                throw new ReportException("--current reads a file; --from, --to and --every are for the topics");
            }
            if (!Files.isReadable(current)) {
                throw new ReportException("cannot read " + current + " (--current)");
            }
            String v = version != null ? version : repository.newest(model);
            FileEvaluation.Result r = FileEvaluation.evaluate(current, repository.require(model, v), policy);
            if (!r.ignoredColumns().isEmpty()) {
                stderr.println("report: ignoring columns the schema does not know: " + r.ignoredColumns());
            }
            segments = List.of(r.segment());
            document = ReportDocument.of(Instant.now(), "file", "file " + current + ": " + r.rows()
                    + " rows against the training reference (features only: a file has no predictions)",
                    r.reference(), null, null, policy, segments);
        } else {
            if (from == null || to == null) {
                throw new ReportException("give a period (--from and --to) or a file (--current)");
            }
            Instant now = Instant.now();
            Instant start = instant("--from", from, now);
            Instant end = instant("--to", to, now);
            if (!start.isBefore(end)) {
                throw new ReportException("--from (" + start + ") must be before --to (" + end + ")");
            }
            Duration step = every == null ? null : duration("--every", every);
            if (!List.of("time", "count").contains(window)) {
                throw new ReportException("--window must be time or count, got '" + window + "'");
            }
            if (window.equals("count") && every != null) {
                throw new ReportException("--every cuts the period into time segments; --window count uses the"
                        + " drift-worker's own windows instead: give one or the other");
            }
            repository.requireModel(model);
            if (version != null) {
                repository.require(model, version); // a version named but not in the repository: say so now
            }
            try (TopicReader reader = new TopicReader(bootstrap, duration("--timeout", timeout))) {
                TopicEvaluation evaluation = new TopicEvaluation(reader, repository, policy, qualitySettings);
                boolean actuals = !window.equals("count") && reader.exists(feedbackTopic);
                TopicEvaluation.Result r = window.equals("count")
                        ? evaluation.recordedWindows(topic, evaluationsTopic, model, start, end, progress)
                        : evaluation.periods(topic, actuals ? feedbackTopic : null, model, version, start, end, step,
                        progress);
                if (!window.equals("count") && !actuals) {
                    stderr.println("report: no topic '" + feedbackTopic + "': drift only, no quality");
                }
                if (!r.skipped().isEmpty()) {
                    stderr.println("report: events not judged, by reason: " + r.skipped());
                }
                segments = r.segments();
                String description = "topic " + topic + " on " + bootstrap + " from " + start + " to " + end
                        + (window.equals("count") ? ": the drift-worker's count windows recorded on "
                        + evaluationsTopic + ", rebuilt from their offsets" : every == null ? ": one segment"
                        : ": one segment per " + every) + "; " + r.eventsUsed() + " events of version "
                        + r.reference().modelVersion();
                document = ReportDocument.of(now, "topics", description, r.reference(), start, end, policy,
                        segments);
            }
        }
        summary(stdout, segments);
        String text = ReportDocument.json(document);
        if (json != null) {
            Files.writeString(json, text);
            stderr.println("report: wrote " + json);
        }
        if (out != null) {
            Files.writeString(out, ReportPage.html(text));
            stderr.println("report: wrote " + out);
        }
        stdout.flush();
        stderr.flush();
        return 0;
    }

    private static void summary(PrintWriter out, List<Segment> segments) {
        for (Segment s : segments) {
            Evaluation e = s.evaluation();
            if (e == null) {
                out.println(s.name() + "  no events");
            } else if (!e.verdict()) {
                out.println(s.name() + "  " + e.size() + " events  insufficient data: " + e.reason());
            } else {
                List<String> drifted = e.features().stream().filter(FeatureResult::drifted)
                        .map(FeatureResult::feature).toList();
                out.println(s.name() + "  " + e.size() + " events  " + (e.datasetDrift() ? "DRIFT" : "no drift")
                        + (drifted.isEmpty() ? "" : "  drifted: " + String.join(", ", drifted)) + quality(s));
            }
        }
    }

    /** The segment's headline quality figure, when it has actuals: accuracy for a classifier, MAE for a regressor. */
    private static String quality(Segment s) {
        if (s.quality() == null || !(s.quality().get("windows") instanceof Map<?, ?> windows)
                || !(windows.get("count") instanceof Map<?, ?> count)) {
            return "";
        }
        Object pairs = count.get("pairs");
        Object accuracy = count.get("accuracy");
        Object mae = count.get("mae");
        return "  quality over " + pairs + " pairs: " + (accuracy != null ? "accuracy " + accuracy : "MAE " + mae);
    }

    /** An ISO-8601 instant, {@code now}, or {@code -<duration>} before now. */
    static Instant instant(String option, String text, Instant now) {
        if (text.equals("now")) {
            return now;
        }
        if (text.startsWith("-")) {
            return now.minus(duration(option, text.substring(1)));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ReportException(option + " must be an ISO-8601 instant (2026-12-03T10:00:00Z), 'now' or"
                    + " '-1h', got '" + text + "'");
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT1H}). */
    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                // below
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ReportException(option + " must be a positive duration like 30m, 1h or 1d, got '" + text + "'");
        }
        return d;
    }
}
