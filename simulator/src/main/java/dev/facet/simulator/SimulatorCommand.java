package dev.facet.simulator;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.simulator.scenario.BadInput;
import dev.facet.simulator.scenario.ConceptDrift;
import dev.facet.simulator.scenario.DataDrift;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Mode;
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
 * {@code facet-simulator}: replays held-out diamonds to serving at a chosen rate, posts their actual prices to
 * ground-truth after a delay, and reports what came back. Exit code 0 when every request was answered
 * without a 5xx or transport error and every invalid request was refused; 1 otherwise; 2 for bad options.
 */
@Command(name = "facet-simulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays held-out diamonds to serving's POST /predict at a fixed rate (open loop) and posts",
                "their actual prices to ground-truth's POST /feedback after a delay, optionally drifted or invalid."})
public final class SimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "none",
            description = "none, data-drift, concept-drift or bad-input (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--mode", defaultValue = "sudden",
            description = "drift onset for data-drift and concept-drift: sudden (full from the start) or gradual"
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
            description = "time from a prediction to posting its actual price (default: ${DEFAULT-VALUE})")
    Duration feedbackDelay;

    @Option(names = "--feedback-share", defaultValue = "1.0",
            description = "share of predictions that get an actual price, 0..1 (default: ${DEFAULT-VALUE})")
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
            description = "model bundles root; its newest bundle's heldout-rows.json says which rows to replay (default: ${DEFAULT-VALUE})")
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
        try {
            Duration bound = duration == null && count == null ? Duration.ofSeconds(60) : duration;
            plan = new TrafficPlan(serving, groundTruth, rate, TrafficPlan.total(rate, bound, count), feedbackDelay,
                    feedbackShare, connections, generators, timeout, feedbackDelay.plus(timeout).plusSeconds(5), seed, groundTruthToken);
            chosen = scenario(ScenarioName.parse(scenario), parseMode(mode), heldOut(models));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
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

    private Scenario scenario(ScenarioName name, Mode mode, HeldOut rows) {
        return switch (name) {
            case NONE -> Scenario.replay(rows);
            case DATA_DRIFT -> DataDrift.of(rows, caratFactor, fairGoodShare, mode);
            case CONCEPT_DRIFT -> new ConceptDrift(rows, inflation, mode);
            case BAD_INPUT -> new BadInput(rows, badShare);
        };
    }

    private static Mode parseMode(String s) {
        return Arrays.stream(Mode.values()).filter(m -> m.name().equalsIgnoreCase(s.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + s + "'; expected sudden or gradual"));
    }

    /** The held-out rows of the newest bundle under {@code root}: metadata only, the model is not loaded. */
    static HeldOut heldOut(Path root) {
        Path bundle = BundleMetadata.resolve(root).orElseThrow(() -> new IllegalArgumentException(
                "no model bundle under " + root.toAbsolutePath() + "; train one first: mvn -q -pl common exec:java"
                        + " (or point --models at a bundles root)"));
        int[] indices = BundleMetadata.load(bundle).heldOut().rows();
        List<LabelledDiamond> all = DiamondsCsv.loadBundled().rows();
        return new HeldOut(Arrays.stream(indices).mapToObj(all::get).toList());
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
