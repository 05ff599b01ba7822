package dev.facet.drift.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a window against the {@link Reference} under a {@link DataDriftPolicy}: ten tests (KS for the six
 * numeric features and the predicted price, chi-square for the three categorical features), one correction
 * over the ten p-values, then per test {@code drifted = adjusted p <= alpha && magnitude > threshold}, the share
 * of drifted tests and the dataset flag.
 *
 * <p>Cost: sorting a copy of each of the window's columns plus one merge against each reference sample, so
 * linear in the reference and {@code n log n} in the window; too much for an event loop, so callers run it on
 * the consumer's thread ({@code EngineThroughput} measures it; figures in BENCHMARKS.md). Thread-safe (no
 * mutable state).
 */
public final class DriftEngine {

    private final Reference reference;
    private final DataDriftPolicy policy;
    private final KolmogorovSmirnov ks = new KolmogorovSmirnov();
    private final ChiSquareGoodnessOfFit chi;

    public DriftEngine(Reference reference, DataDriftPolicy policy) {
        this.reference = reference;
        this.policy = policy;
        this.chi = new ChiSquareGoodnessOfFit(policy.minExpected());
    }

    public DataDriftPolicy policy() {
        return policy;
    }

    public Reference reference() {
        return reference;
    }

    public Evaluation evaluate(WindowSample w, Instant now) {
        if (w.size() < policy.minWindow()) {
            return new Evaluation(w.window(), now, w.size(), false,
                    "window holds " + w.size() + " events; a verdict needs at least " + policy.minWindow(),
                    w.firstEventTime(), w.lastEventTime(), w.offsets(), List.of(), 0, 0, policy.datasetShare(),
                    false, policy.correction().label(), policy.alpha());
        }
        List<Partial> partials = new ArrayList<>(10);
        for (int f = 0; f < reference.numeric().size(); f++) {
            partials.add(numeric(reference.numeric().get(f), w.numeric()[f], "numeric"));
        }
        for (int f = 0; f < reference.categorical().size(); f++) {
            partials.add(categorical(reference.categorical().get(f), w.categories()[f]));
        }
        partials.add(numeric(reference.prediction(), w.prediction(), "prediction"));

        double[] p = partials.stream().mapToDouble(Partial::pValue).toArray();
        double[] adjusted = policy.correction().adjust(p);
        List<FeatureResult> results = new ArrayList<>(partials.size());
        int drifted = 0;
        for (int i = 0; i < partials.size(); i++) {
            Partial t = partials.get(i);
            boolean significant = adjusted[i] <= policy.alpha();
            boolean isDrifted = significant && t.magnitude() > t.threshold();
            drifted += isDrifted ? 1 : 0;
            results.add(new FeatureResult(t.feature(), t.kind(), t.test(), t.statistic(), t.pValue(), adjusted[i],
                    policy.alpha(), significant, t.measure(), t.magnitude(), t.threshold(), isDrifted, t.reference(),
                    t.details()));
        }
        double share = (double) drifted / results.size();
        return new Evaluation(w.window(), now, w.size(), true, "", w.firstEventTime(), w.lastEventTime(),
                w.offsets(), List.copyOf(results), drifted, share, policy.datasetShare(),
                share >= policy.datasetShare(), policy.correction().label(), policy.alpha());
    }

    private Partial numeric(Reference.NumericColumn ref, double[] values, String kind) {
        double[] window = values.clone();
        Arrays.sort(window);
        KolmogorovSmirnov.Result r = ks.test(window, ref.sortedSample());
        double w1 = Wasserstein.distanceSorted(window, ref.sortedSample()) / ref.std();
        return new Partial(ref.name(), kind, "ks", r.statistic(), r.pValue(), "wasserstein_std", w1,
                policy.numericThreshold(), Reference.summary(ref), Map.of());
    }

    private Partial categorical(Reference.CategoricalColumn ref, long[] counts) {
        ChiSquareGoodnessOfFit.Result r = chi.test(counts, ref.frequencies());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("degrees_of_freedom", r.degreesOfFreedom());
        details.put("bins_after_merging", r.bins());
        Map<String, Long> observed = new LinkedHashMap<>();
        for (int c = 0; c < counts.length; c++) {
            observed.put(ref.categories().get(c), counts[c]);
        }
        details.put("observed", observed);
        return new Partial(ref.name(), "categorical", "chi_square", r.statistic(), r.pValue(), "cohens_w",
                r.cohensW(), policy.categoricalThreshold(), Reference.summary(ref), details);
    }

    private record Partial(String feature, String kind, String test, double statistic, double pValue,
                           String measure, double magnitude, double threshold, Map<String, Object> reference,
                           Map<String, Object> details) {
    }
}
