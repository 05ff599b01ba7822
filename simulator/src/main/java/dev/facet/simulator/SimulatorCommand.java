package dev.facet.simulator;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.data.DataFormatException;
import dev.facet.simulator.scenario.BadInput;
import dev.facet.simulator.scenario.ConceptDrift;
import dev.facet.simulator.scenario.DataDrift;
import dev.facet.simulator.scenario.DriftBuilder;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Mode;
import dev.facet.simulator.scenario.Preset;
import dev.facet.simulator.scenario.Scenario;
import dev.facet.simulator.traffic.Snapshot;
import dev.facet.simulator.traffic.TrafficPlan;
import dev.facet.simulator.traffic.TrafficRun;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code facet-simulator}: replays a model's held-out rows to serving at a chosen rate, posts their actuals to
 * ground-truth after a delay, and reports what came back. Exit code 0 when every request was answered
 * without a 5xx or transport error and every invalid request was refused; 1 otherwise; 2 for bad options.
 */
@Command(name = "facet-simulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays a model's held-out rows to serving's POST /models/{name}/predict at a fixed rate (open",
                "loop) and posts their actuals to ground-truth's POST /feedback after a delay, optionally drifted or",
                "invalid."})
public final class SimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "none",
            description = "none, data-drift, concept-drift, bad-input, or a preset: carat-scaled, cut-shifted,"
                    + " prices-inflated, species-shifted, missing-surge, label-noise (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--model", paramLabel = "NAME",
            description = "the model whose held-out rows to replay, <models>/NAME/<newest version> (default: the"
                    + " only model, or diamond-price-rf, or the bundle of an older single-model layout)")
    String model;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "the data the model was trained on, when it is not a committed data set (diamonds,"
                    + " penguins); its SHA-256 must be the one heldout-rows.json records")
    Path data;

    @Option(names = "--rows", defaultValue = "auto",
            description = "heldout (the rows the bundle held out), all (every data row, training rows included) or"
                    + " auto (held-out when there are at least 1,000, else all) (default: ${DEFAULT-VALUE})")
    String rows;

    @Option(names = "--scale", paramLabel = "FEATURE=FACTOR",
            description = "drift: a numeric feature times FACTOR at full strength, e.g. carat=1.3 (repeatable)")
    List<String> scales = List.of();

    @Option(names = "--shift", paramLabel = "FEATURE=CAT[,CAT...]:SHARE",
            description = "drift: SHARE of rows drawn from those with one of the categories, e.g. island=Dream:0.8;"
                    + " the target of a classifier too, e.g. species=Gentoo:0.8 (repeatable)")
    List<String> shifts = List.of();

    @Option(names = "--missing", paramLabel = "FEATURE=SHARE",
            description = "drift: SHARE of a feature's values missing, where the schema allows it, e.g. sex=0.5 (repeatable)")
    List<String> missing = List.of();

    @Option(names = "--inflate", paramLabel = "FACTOR",
            description = "drift (regression): actuals times FACTOR at full strength, e.g. 1.3")
    Double inflate;

    @Option(names = "--label-noise", paramLabel = "SHARE",
            description = "drift (classification): SHARE of actual labels replaced by another label, e.g. 0.3")
    Double labelNoise;

    @Option(names = "--mode", defaultValue = "sudden",
            description = "drift onset for every drift: sudden (full from the start) or gradual"
                    + " (linear from none to full over the run) (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--rate", defaultValue = "50", description = "requests per second, offered open loop (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "how long to send, e.g. 90s, 5m (default: 60s when --count is not given)")
    Duration duration;

    @Option(names = "--count", description = "how many requests to send (with --duration, whichever ends first)")
    Long count;

    @Option(names = "--serving", defaultValue = "http://localhost:8080", description = "serving base URL (default: ${DEFAULT-VALUE})")
    URI serving;

    @Option(names = "--ground-truth", defaultValue = "http://localhost:8082",
            description = "ground-truth base URL (default: ${DEFAULT-VALUE})")
    URI groundTruth;

    @Option(names = "--ground-truth-token", defaultValue = "${env:GROUND_TRUTH_AUTH_TOKEN}",
            description = "bearer token for POST /feedback when ground-truth requires one (default: $GROUND_TRUTH_AUTH_TOKEN)")
    String groundTruthToken;

    @Option(names = "--feedback-delay", defaultValue = "5s", converter = DurationConverter.class,
            description = "time from a prediction to posting its actual (default: ${DEFAULT-VALUE})")
    Duration feedbackDelay;

    @Option(names = "--feedback-share", defaultValue = "1.0",
            description = "share of predictions that get their actual, 0..1 (default: ${DEFAULT-VALUE})")
    double feedbackShare;

    @Option(names = "--carat-factor", defaultValue = "1.5",
            description = "data-drift: carat multiplier at full strength; x, y, z scale by its cube root (default: ${DEFAULT-VALUE})")
    double caratFactor;

    @Option(names = "--fair-good-share", defaultValue = "0.8",
            description = "data-drift: share of rows drawn from Fair and Good cuts at full strength (default: ${DEFAULT-VALUE})")
    double fairGoodShare;

    @Option(names = "--inflation", defaultValue = "15",
            description = "concept-drift: percent added to actual prices at full strength (default: ${DEFAULT-VALUE})")
    double inflation;

    @Option(names = "--bad-share", defaultValue = "0.2",
            description = "bad-input: share of invalid requests, 0..1 (default: ${DEFAULT-VALUE})")
    double badShare;

    @Option(names = "--models", defaultValue = "models",
            description = "model repository root; the model's newest bundle's heldout-rows.json says which rows to replay (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--seed", defaultValue = "42", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--connections", defaultValue = "8",
            description = "HTTP connections per generator to each server (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--generators", defaultValue = "1",
            description = "event loops generating load; raise it above ~5,000 req/s (default: ${DEFAULT-VALUE})")
    int generators;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "per-request timeout, counted as a transport error (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--progress", defaultValue = "auto",
            description = "auto (one line refreshed in place on a terminal, a line every 10 s otherwise), line, log or off (default: ${DEFAULT-VALUE})")
    String progress;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Scenario chosen;
        TrafficPlan plan;
        ModelRows.Replay replay;
        try {
            Duration bound = duration == null && count == null ? Duration.ofSeconds(60) : duration;
            Optional<Preset> preset = preset(scenario);
            ScenarioName name = preset.isPresent() ? ScenarioName.NONE : ScenarioName.parse(scenario);
            Mode m = parseMode(mode);
            plan = new TrafficPlan(serving, groundTruth, rate, TrafficPlan.total(rate, bound, count), feedbackDelay,
                    feedbackShare, connections, generators, timeout, feedbackDelay.plus(timeout).plusSeconds(5), seed,
                    groundTruthToken);
            replay = ModelRows.load(models, model, data, RowChoice.parse(rows));
            plan = plan.forModel(replay.name());
            chosen = scenario(name, preset, m, replay.rows());
        } catch (IllegalArgumentException | BundleException | DataFormatException e) {
            // a bad option, a damaged bundle or an unreadable --data file: exit 2 with the message, no stack trace
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        err.printf(Locale.ROOT, "facet-simulator: model %s version %s (%s)%n", replay.name(), replay.version(),
                replay.bundle());
        err.printf(Locale.ROOT, "facet-simulator: %s%n", replay.why());
        err.printf(Locale.ROOT, "facet-simulator: %s%n", chosen.describe());
        err.printf(Locale.ROOT, "facet-simulator: %d requests at %.1f req/s to %s, feedback to %s after %s for %.0f%% (seed %d)%n",
                plan.total(), plan.rate(), plan.predictUrl(), plan.feedbackUrl(), human(plan.feedbackDelay()),
                plan.feedbackShare() * 100, plan.seed());

        err.printf(Locale.ROOT, "facet-simulator: warming the client up first (%d requests to %s, not measured)%n",
                TrafficRun.warmUpRequests(plan), plan.warmUpUrl());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Optional<ServingLatency.Buckets> before = ServingLatency.scrape(http, plan.servingUrl());
        Vertx vertx = Vertx.vertx();
        try {
            TrafficRun run = TrafficRun.start(vertx, plan, chosen);
            Snapshot last = watch(run, err);
            err.println(last.summary());
            err.println(ServingLatency.line(before, ServingLatency.scrape(http, plan.servingUrl())));
            return last.failed() ? 1 : 0;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Prints progress from this (non event-loop) thread until the run completes. */
    private Snapshot watch(TrafficRun run, PrintStream err) throws Exception {
        boolean inPlace = progress.equals("line") || (progress.equals("auto") && System.console() != null);
        boolean logLines = progress.equals("log") || (progress.equals("auto") && System.console() == null);
        long logEvery = progress.equals("log") ? 1 : 10;
        CompletableFuture<Snapshot> done = run.completion().toCompletionStage().toCompletableFuture();
        long ticks = 0;
        while (true) {
            try {
                Snapshot last = done.get(1, TimeUnit.SECONDS);
                if (inPlace) {
                    err.print("\r\033[K" + last.line() + "\n");
                }
                return last;
            } catch (TimeoutException stillRunning) {
                ticks++;
                if (inPlace) {
                    err.print("\r\033[K" + run.progress().line());
                    err.flush();
                } else if (logLines && ticks % logEvery == 0) {
                    err.println(run.progress().line());
                }
            }
        }
    }

    /**
     * The scenario: a legacy one by name, or a drift made of a preset and/or the generic options. The generic options
     * add to {@code none} (a drift of their own) or to a preset, and are refused beside the legacy scenarios, which
     * have options of their own.
     */
    private Scenario scenario(ScenarioName name, Optional<Preset> preset, Mode mode, HeldOut rows) {
        DriftBuilder drift = new DriftBuilder(rows);
        scales.forEach(drift::scale);
        shifts.forEach(drift::shift);
        missing.forEach(drift::missing);
        Optional.ofNullable(inflate).ifPresent(drift::inflate);
        Optional.ofNullable(labelNoise).ifPresent(drift::labelNoise);
        if (preset.isPresent()) {
            return preset.get().addTo(drift, rows).build(preset.get().cli(), mode);
        }
        if (name != ScenarioName.NONE && !drift.isEmpty()) {
            throw new IllegalArgumentException("--scale, --shift, --missing, --inflate and --label-noise go with"
                    + " --scenario none or a preset, not with " + name.cli());
        }
        return switch (name) {
            case NONE -> drift.isEmpty() ? Scenario.replay(rows) : drift.build("drift", mode);
            case DATA_DRIFT -> DataDrift.of(rows, caratFactor, fairGoodShare, mode);
            case CONCEPT_DRIFT -> ConceptDrift.of(rows, inflation, mode);
            case BAD_INPUT -> new BadInput(rows, badShare);
        };
    }

    private static Optional<Preset> preset(String s) {
        return Arrays.stream(Preset.values()).filter(p -> p.cli().equalsIgnoreCase(s.trim())).findFirst();
    }

    private static Mode parseMode(String s) {
        return Arrays.stream(Mode.values()).filter(m -> m.name().equalsIgnoreCase(s.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + s + "'; expected sudden or gradual"));
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
