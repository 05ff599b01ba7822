package dev.facet.groundtruth.quality;

/**
 * The Drift Detection Method (DDM) of Gama, Medas, Castillo and Rodrigues, "Learning with Drift Detection"
 * (SBIA 2004), on a classifier's 0/1 error stream, oldest first.
 *
 * <p>After {@code i} pairs with error rate {@code p_i} the number of errors is binomial, so its rate has standard
 * deviation {@code s_i = sqrt(p_i (1 - p_i) / i)}. While the concept is stable, {@code p_i} falls or stays level
 * as the classifier's error settles; the method remembers the pair {@code (p_min, s_min)} at which
 * {@code p_i + s_i} was lowest. It warns when {@code p_i + s_i >= p_min + 2 s_min} (about 95% one-sided) and
 * signals drift when {@code p_i + s_i >= p_min + 3 s_min} (about 99%), then starts over from the next pair, as
 * the paper's learner starts a new model. As in the paper, nothing is judged before {@value #MIN_PAIRS} pairs.
 *
 * <p>Two departures, and why:
 * <ul>
 *   <li>the paper's {@code p_i} is the raw rate. For an accurate classifier the first 30 pairs often hold no error
 *       at all, which makes {@code p_min = s_min = 0} and turns the very next error into a "drift". The rate here is
 *       the Laplace estimate {@code (errors + 1) / (i + 2)}, which is never 0; it converges to the raw rate;</li>
 *   <li>{@code p_min} is a minimum over a noisy running rate, so it sits below the true rate by chance, and the
 *       paper's test then fires on stationary streams of a few thousand pairs in a large share of trials (the
 *       module README gives simulated rates). Here the reference is floored at the model's held-out error rate
 *       {@code p0}: {@code p_min >= p0} and {@code s_min >= sqrt(p0 (1 - p0) / i)}, so drift means worse than
 *       both the best the stream showed and the held-out rate.</li>
 * </ul>
 *
 * <p>Finite memory, as the Page-Hinkley test of the regressors: the detector runs over the last {@code window}
 * pairs at every evaluation, so its verdict is a function of those pairs (it survives a restart by replay), and a
 * drift signal clears by itself once the pair that raised it has left the window.
 */
public final class Ddm {

    /** The paper's minimum number of pairs before the statistics are judged. */
    public static final int MIN_PAIRS = 30;

    /**
     * The detector's state after the last pair.
     *
     * @param pairs      pairs since the last start (the window's beginning, or the pair after the last drift)
     * @param errorRate  {@code p_i}, Laplace-smoothed
     * @param std        {@code s_i}
     * @param drifts     drift signals raised within the window
     * @param warning    {@code p_i + s_i >= p_min + 2 s_min} at the last pair
     */
    public record Status(long pairs, double errorRate, double std, double minErrorRate, double minStd,
                         int drifts, boolean warning) {

        public boolean alarm() {
            return drifts > 0;
        }
    }

    private Ddm() {
    }

    /**
     * Runs DDM over {@code errors} (true: the prediction was wrong), oldest first.
     *
     * @param floorRate the held-out error rate under which the reference {@code p_min} does not go (0: none)
     */
    public static Status scan(Iterable<Boolean> errors, double floorRate) {
        long n = 0;
        long wrong = 0;
        double pMin = Double.POSITIVE_INFINITY;
        double sMin = Double.POSITIVE_INFINITY;
        double p = Double.NaN;
        double s = Double.NaN;
        int drifts = 0;
        boolean warning = false;
        for (boolean error : errors) {
            n++;
            if (error) {
                wrong++;
            }
            p = (wrong + 1.0) / (n + 2.0);
            s = Math.sqrt(p * (1 - p) / n);
            warning = false;
            if (n < MIN_PAIRS) {
                continue;
            }
            if (p + s < pMin + sMin) {
                pMin = p;
                sMin = s;
            }
            double pRef = Math.max(pMin, floorRate);
            double sRef = Math.max(sMin, Math.sqrt(floorRate * (1 - floorRate) / n));
            if (p + s >= pRef + 3 * sRef) {
                drifts++;
                n = 0;
                wrong = 0;
                pMin = Double.POSITIVE_INFINITY;
                sMin = Double.POSITIVE_INFINITY;
            } else if (p + s >= pRef + 2 * sRef) {
                warning = true;
            }
        }
        return new Status(n, p, s, Double.isFinite(pMin) ? pMin : Double.NaN,
                Double.isFinite(sMin) ? sMin : Double.NaN, drifts, warning);
    }
}
