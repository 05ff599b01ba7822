package dev.facet.bench.detection;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.model.KnownModel;
import dev.facet.service.config.Settings;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Mode;
import dev.facet.simulator.scenario.Preset;
import dev.facet.simulator.scenario.Scenario;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Detection power of the monitors' defaults, per model and scenario: the false-alarm rate on clean windows, the
 * delay after a sudden drift and the share of trials missed ({@link Protocol}). The drift-worker and ground-truth
 * run in-process with the settings of their defaults files; the traffic is the simulator's presets answered by
 * each bundle's compiled forest ({@link ModelTraffic}).
 *
 * <p>Arguments: {@code [--models DIR] [--seed N] [--rate REQ_PER_S] [--trials N] [--k WINDOWS]
 * [--lead-in WINDOWS] [--clean-streams N] [--clean-windows N] [--strengths S1,S2]}: strengths in (0, 1] of
 * each preset (the simulator's gradual mode held at that point), 1 being the preset as named.
 */
public final class DetectionBench {

    /**
     * One row of the table: a preset of one model, the signal that counts as its detection, and the rows the
     * traffic draws from: the held-out rows, or every row of the data set where the held-out rows are too few
     * to make a fair clean window (the penguins' 69: see bench/README.md).
     */
    record Case(String model, Preset preset, Signal signal, boolean everyRow) {

        String scenario() {
            return preset.cli() + (everyRow ? " (every row)" : "");
        }
    }

    static final List<Case> CASES = List.of(
            new Case("diamond-price-rf", Preset.CARAT_SCALED, Signal.DATASET_DRIFT, false),
            new Case("diamond-price-rf", Preset.CUT_SHIFTED, Signal.DATASET_DRIFT, false),
            new Case("diamond-price-rf", Preset.PRICES_INFLATED, Signal.CONCEPT_DRIFT, false),
            new Case("penguins", Preset.SPECIES_SHIFTED, Signal.DATASET_DRIFT, false),
            new Case("penguins", Preset.SPECIES_SHIFTED, Signal.DATASET_DRIFT, true),
            new Case("penguins", Preset.MISSING_SURGE, Signal.DATA_QUALITY, false),
            new Case("penguins", Preset.LABEL_NOISE, Signal.CONCEPT_DRIFT, false));

    private static final List<String> KNOWN = List.of("models", "seed", "rate", "trials", "k", "lead-in",
            "clean-streams", "clean-windows", "strengths");

    private DetectionBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = arguments(args);
        Path models = Path.of(a.getOrDefault("models", "models"));
        long seed = Long.parseLong(a.getOrDefault("seed", "21"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "50"));
        List<Double> strengths = Arrays.stream(a.getOrDefault("strengths", "1,0.3").split(","))
                .map(Double::parseDouble).toList();
        if (strengths.stream().anyMatch(x -> !(x > 0 && x <= 1))) {
            throw new IllegalArgumentException("--strengths must be in (0, 1], got " + strengths);
        }
        Protocol protocol = new Protocol(Integer.parseInt(a.getOrDefault("clean-streams", "20")),
                Integer.parseInt(a.getOrDefault("clean-windows", "25")), Integer.parseInt(a.getOrDefault("trials", "50")),
                Integer.parseInt(a.getOrDefault("lead-in", "4")), Integer.parseInt(a.getOrDefault("k", "10")), seed);

        DriftWorkerConfig drift = DriftWorkerConfig.from(Settings.withDefaults("/drift-worker-defaults.json", new JsonObject()));
        GroundTruthConfig truth = GroundTruthConfig.from(Settings.withDefaults(GroundTruthConfig.DEFAULTS, new JsonObject()));
        int windowSize = drift.countWindow();

        System.out.printf(Locale.ROOT, "- settings: drift-worker defaults (count window %d events, alpha %s, %s, "
                        + "numeric threshold %s, categorical threshold %s, dataset share %s); ground-truth defaults "
                        + "(count window %d pairs, ratio threshold %s, Page-Hinkley window %d, run length %.0f, DDM window %d)%n",
                windowSize, drift.policy().alpha(), drift.policy().correction().label(), drift.policy().numericThreshold(),
                drift.policy().categoricalThreshold(), drift.policy().datasetShare(), truth.countWindow(),
                truth.maeRatioThreshold(), truth.pageHinkleyWindow(), truth.falseAlarmRunLength(), truth.ddmWindow());
        System.out.printf(Locale.ROOT, "- protocol: seed %d; false alarms over %d clean streams x %d windows per model; "
                        + "%d trials per scenario and strength of %d clean windows then up to K = %d drifted windows (the "
                        + "drift starts at a window boundary, at strengths %s of the preset: 1 is the preset as "
                        + "named); rate %.0f req/s, so a window is %.0f s%n%n", seed,
                protocol.cleanStreams(), protocol.cleanWindows(), protocol.trials(), protocol.leadIn(), protocol.k(),
                strengths, rate, windowSize / rate);

        List<String> rows = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> falseAlarmLines = new ArrayList<>();
        for (String name : CASES.stream().map(Case::model).distinct().toList()) {
            long start = System.nanoTime();
            Path dir = BundleMetadata.resolve(models.resolve(name)).orElseThrow(() -> new IllegalStateException(
                    "no bundle of " + name + " under " + models.toAbsolutePath() + "; bench/run.sh detection trains it"));
            ModelTraffic.Model model = ModelTraffic.load(dir);
            KnownModel known = KnownModel.of(model.meta());
            List<Supplier<Monitor<Served>>> monitors = new ArrayList<>();
            for (Signal s : Signal.values()) {
                monitors.add(s == Signal.CONCEPT_DRIFT ? () -> new GroundTruthMonitor(truth, known, rate)
                        : () -> new DriftWorkerMonitor(drift, models, s));
            }
            List<Case> cases = CASES.stream().filter(c -> c.model().equals(name)).toList();
            Scenario none = Scenario.replay(model.rows());
            List<Protocol.Outcome> clean = protocol.clean(monitors, model.traffic(model.rows(), none, 1, windowSize));
            // ground-truth left out: on training rows the forest answers in-sample, better than on new rows
            List<Supplier<Monitor<Served>>> dataMonitors = monitors.subList(0, Signal.CONCEPT_DRIFT.ordinal());
            List<Protocol.Outcome> everyRow = protocol.clean(dataMonitors,
                    model.traffic(model.everyRow(), none, 1, windowSize));
            StringBuilder alarms = new StringBuilder("| " + name + " |");
            for (Signal s : Signal.values()) {
                alarms.append(' ').append(percent(clean.get(s.ordinal()).falseAlarmRate())).append(" / ")
                        .append(s.ordinal() < everyRow.size() ? percent(everyRow.get(s.ordinal()).falseAlarmRate())
                                : "n/a").append(" |");
            }
            falseAlarmLines.add(alarms.toString());
            for (double strength : strengths) {
                for (Case c : cases) {
                    HeldOut source = c.everyRow() ? model.everyRow() : model.rows();
                    // on every row, ground-truth is left out: the forest answers its training rows in-sample
                    List<Protocol.Outcome> trials = protocol.trials(c.everyRow() ? dataMonitors : monitors,
                            model.traffic(source, c.preset().of(source, Mode.GRADUAL), strength, windowSize));
                    Protocol.Outcome o = trials.get(c.signal().ordinal());
                    Protocol.Outcome falseAlarms = (c.everyRow() ? everyRow : clean).get(c.signal().ordinal());
                    rows.add(row(c, strength, falseAlarms, o, windowSize, rate));
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |", name,
                            c.scenario(), strength(strength)));
                    for (Signal s : Signal.values()) {
                        if (s.ordinal() >= trials.size()) {
                            line.append(" n/a |");
                        } else {
                            Protocol.Outcome t = trials.get(s.ordinal());
                            line.append(String.format(Locale.ROOT, " %d/%d |", t.trials() - t.missed(), t.trials()));
                        }
                    }
                    others.add(line.toString());
                }
            }
            System.err.printf(Locale.ROOT, "detection: %s done in %.0f s%n", name, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "| model | scenario | strength | signal counted as detection | false alarms "
                + "(clean windows) | missed (of %d, K = %d) | delay, windows: median / p90 / max "
                + "| delay at %.0f req/s: median / p90 |%n", protocol.trials(), protocol.k(), rate);
        System.out.println("|---|---|---:|---|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        StringBuilder head = new StringBuilder();
        for (Signal s : Signal.values()) {
            head.append(' ').append(s.label()).append(" |");
        }
        String columns = "---:|".repeat(Signal.values().length);
        System.out.println("False alarms of every signal on clean windows: windows of the held-out rows / windows of "
                + "every row of the data set (the population the reference statistics describe; ground-truth n/a: "
                + "the forest answers its training rows in-sample).");
        System.out.println();
        System.out.println("| model |" + head);
        System.out.println("|---|" + columns);
        falseAlarmLines.forEach(System.out::println);
        System.out.println();
        System.out.println("Every signal on every scenario: trials in which it fired within K drifted windows.");
        System.out.println();
        System.out.println("| model | scenario | strength |" + head);
        System.out.println("|---|---|---:|" + columns);
        others.forEach(System.out::println);
    }

    static String row(Case c, double strength, Protocol.Outcome clean, Protocol.Outcome trials, int windowSize,
                      double rate) {
        double secondsPerWindow = windowSize / rate;
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s (%d of %d) | %d (%s) | %s / %s / %s | %s / %s |",
                c.model(), c.scenario(), strength(strength), c.signal().label(), percent(clean.falseAlarmRate()), clean.falseAlarms(),
                clean.cleanWindows(), trials.missed(), percent(trials.missedRate()), windows(trials.delayQuantile(0.5)),
                windows(trials.delayQuantile(0.9)), windows(trials.delayQuantile(1.0)),
                seconds(trials.delayQuantile(0.5) * secondsPerWindow), seconds(trials.delayQuantile(0.9) * secondsPerWindow));
    }

    private static String strength(double s) {
        return String.format(Locale.ROOT, "%.2g", s);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String windows(double w) {
        return Double.isNaN(w) ? "n/a" : String.format(Locale.ROOT, "%.0f", w);
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "n/a" : String.format(Locale.ROOT, "%.0f s", s);
    }

    private static Map<String, String> arguments(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs, got " + List.of(args));
            }
            String key = args[i].substring(2);
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: --" + String.join(", --", KNOWN));
            }
            out.put(key, args[++i]);
        }
        return out;
    }
}
