package dev.facet.drift.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a window of one model version against its {@link Reference} under a {@link DataDriftPolicy}: a KS
 * test for every numeric feature with a reference and for the regressor's prediction or the classifier's
 * top-class probability, a chi-square test for every categorical feature and for the classifier's predicted-label
 * mix, one correction over all the window's p-values, then per test
 * {@code drifted = adjusted p <= alpha && magnitude > threshold}, the share of drifted tests and the dataset flag.
 * PSI and the Jensen-Shannon distance are reported beside each test ({@link Divergence}) but decide nothing. The
 * data-quality shares ({@link FeatureQuality}) come with every evaluation, and every test its reference and window
 * shares over common bins ({@link Distribution}) for a report to draw.
 *
 * <p>A numeric feature is tested on the window's present values only, and only when at least
 * {@link KolmogorovSmirnov#MIN_WINDOW} are present (KS on fewer is noise); a missing-value surge shows in its
 * missing share instead.
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

    /** Judged at the policy's alpha: the whole stream. */
    public Evaluation evaluate(WindowSample w, Instant now) {
        return evaluate(w, now, InstanceShare.whole());
    }

    /**
     * Judged at this worker's part of the policy's alpha ({@link InstanceShare#alpha}): the correction over the
     * window's tests runs at that alpha, so both corrections together bound the false alarms of all workers' windows.
     */
    public Evaluation evaluate(WindowSample w, Instant now, InstanceShare part) {
        double alpha = part.alpha(policy.alpha());
        List<FeatureQuality> quality = quality(w);
        if (w.size() < policy.minWindow()) {
            return new Evaluation(reference.modelName(), reference.modelVersion(), w.window(), now, w.size(), false,
                    "window holds " + w.size() + " events; a verdict needs at least " + policy.minWindow(),
                    w.firstEventTime(), w.lastEventTime(), w.offsets(), List.of(), 0, 0, policy.datasetShare(),
                    false, policy.correction().label(), alpha, quality);
        }
        List<Partial> partials = new ArrayList<>();
        for (int f = 0; f < reference.numeric().size(); f++) {
            Reference.NumericColumn ref = reference.numeric().get(f);
            double[] present = present(w.numeric()[f]);
            if (ref.testable() && present.length >= KolmogorovSmirnov.MIN_WINDOW) {
                partials.add(numeric(ref, present));
            }
        }
        for (int f = 0; f < reference.categorical().size(); f++) {
            Reference.CategoricalColumn ref = reference.categorical().get(f);
            if (ref.testable() && sum(w.categories()[f]) > 0) {
                partials.add(categorical(ref, w.categories()[f]));
            }
        }
        if (reference.predictedLabel() != null && reference.predictedLabel().testable() && w.labels() != null) {
            partials.add(categorical(reference.predictedLabel(), w.labels()));
        }
        if (reference.prediction() != null && reference.prediction().testable()) {
            partials.add(numeric(reference.prediction(), w.prediction().clone()));
        }
        if (partials.isEmpty()) {
            return new Evaluation(reference.modelName(), reference.modelVersion(), w.window(), now, w.size(), false,
                    "no feature of the window could be tested (no reference statistics or too few values present)",
                    w.firstEventTime(), w.lastEventTime(), w.offsets(), List.of(), 0, 0, policy.datasetShare(),
                    false, policy.correction().label(), alpha, quality);
        }

        double[] p = partials.stream().mapToDouble(Partial::pValue).toArray();
        double[] adjusted = policy.correction().adjust(p);
        List<FeatureResult> results = new ArrayList<>(partials.size());
        int drifted = 0;
        for (int i = 0; i < partials.size(); i++) {
            Partial t = partials.get(i);
            boolean significant = adjusted[i] <= alpha;
            boolean isDrifted = significant && t.magnitude() > t.threshold();
            drifted += isDrifted ? 1 : 0;
            results.add(new FeatureResult(t.feature(), t.kind(), t.test(), t.statistic(), t.pValue(), adjusted[i],
                    alpha, significant, t.measure(), t.magnitude(), t.threshold(), isDrifted, t.psi(),
                    t.js(), t.reference(), t.details(), t.distribution()));
        }
        double share = (double) drifted / results.size();
        return new Evaluation(reference.modelName(), reference.modelVersion(), w.window(), now, w.size(), true, "",
                w.firstEventTime(), w.lastEventTime(), w.offsets(), List.copyOf(results), drifted, share,
                policy.datasetShare(), share >= policy.datasetShare(), policy.correction().label(), alpha, quality);
    }

    /** Missing, out-of-range and unseen shares of every schema feature, in schema order. */
    List<FeatureQuality> quality(WindowSample w) {
        List<FeatureQuality> out = new ArrayList<>();
        int size = w.size();
        for (int f = 0; f < reference.numeric().size(); f++) {
            Reference.NumericColumn ref = reference.numeric().get(f);
            long present = 0;
            long outside = 0;
            for (double v : w.numeric()[f]) {
                if (v == v) { // not NaN
                    present++;
                    if (ref.summary() == null || v < ref.summary().min() || v > ref.summary().max()) {
                        outside++;
                    }
                }
            }
            out.add(new FeatureQuality(ref.name(), "numeric", present, share(size - present, size), ref.missingShare(),
                    present == 0 ? Double.NaN : (double) outside / present, Double.NaN));
        }
        for (int f = 0; f < reference.categorical().size(); f++) {
            Reference.CategoricalColumn ref = reference.categorical().get(f);
            long[] counts = w.categories()[f];
            long unseen = w.unknown()[f];
            long present = unseen;
            for (int c = 0; c < counts.length; c++) {
                present += counts[c];
                if (ref.frequencies()[c] == 0) {
                    unseen += counts[c];
                }
            }
            out.add(new FeatureQuality(ref.name(), "categorical", present, share(w.missing()[f], size),
                    ref.missingShare(), Double.NaN, present == 0 ? Double.NaN : (double) unseen / present));
        }
        out.sort(Comparator.comparingInt(q -> reference.schema().indexOf(q.feature())));
        return out;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static double[] present(double[] column) {
        int n = 0;
        for (double v : column) {
            if (v == v) {
                n++;
            }
        }
        if (n == column.length) {
            return column.clone();
        }
        double[] out = new double[n];
        int i = 0;
        for (double v : column) {
            if (v == v) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }

    /** {@code window} is a private copy: sorted in place. */
    private Partial numeric(Reference.NumericColumn ref, double[] window) {
        Arrays.sort(window);
        KolmogorovSmirnov.Result r = ks.test(window, ref.sortedSample());
        double w1 = Wasserstein.distanceSorted(window, ref.sortedSample()) / ref.std();
        double[] shares = Divergence.shares(ref.binEdges(), window);
        return new Partial(ref.name(), ref.kind(), "ks", r.statistic(), r.pValue(), "wasserstein_std", w1,
                policy.numericThreshold(), Divergence.psi(ref.binShares(), shares),
                Divergence.jensenShannon(ref.binShares(), shares), Reference.summary(ref), Map.of(),
                Distribution.histogram(ref.sortedSample(), window));
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
        double[] shares = Divergence.shares(counts);
        return new Partial(ref.name(), ref.kind(), "chi_square", r.statistic(), r.pValue(), "cohens_w",
                r.cohensW(), policy.categoricalThreshold(), Divergence.psi(ref.frequencies(), shares),
                Divergence.jensenShannon(ref.frequencies(), shares), Reference.summary(ref), details,
                Distribution.categories(ref.categories(), ref.frequencies(), counts));
    }

    private record Partial(String feature, String kind, String test, double statistic, double pValue,
                           String measure, double magnitude, double threshold, double psi, double js,
                           Map<String, Object> reference, Map<String, Object> details,
                           Distribution distribution) {
    }
}
