package dev.facet.drift.stats;

/**
 * This worker's share of the predictions topic, {@code assigned} of its {@code partitions}, and the part of the
 * family-wise alpha that goes with it.
 *
 * <p>Why: N workers in one group each judge a window of their own partitions (a uniform key hash makes each a fair
 * sample of all traffic), so at any moment N latest verdicts stand side by side, and an alert on the worst of them
 * ({@code max by (model)}) is a test of all N: without a correction its false-alarm chance is about N alpha.
 * Giving each worker {@code alpha * assigned / partitions} is a weighted Bonferroni correction across the workers:
 * the weights sum to 1 over a full assignment whatever the split (6 partitions over 4 workers: 2, 2, 1, 1 give
 * alpha/3 + alpha/3 + alpha/6 + alpha/6 = alpha), so the chance that any worker's verdict is a false alarm stays at
 * most alpha for any dependence between them, and each worker needs to know only its own assignment, not N. A
 * worker with more partitions sees more traffic and gets more of alpha. {@code partitions / assigned} is the
 * number of workers sharing the stream if the split is even: {@link #estimatedInstances()}.
 *
 * @param assigned   partitions of the topic this worker holds (0 before the first assignment)
 * @param partitions partitions of the topic (0 while unknown)
 */
public record InstanceShare(int assigned, int partitions) {

    public InstanceShare {
        if (assigned < 0 || partitions < 0 || assigned > partitions) {
            throw new IllegalArgumentException("assigned must be in 0.." + partitions + ", got " + assigned);
        }
    }

    /** The whole stream (one worker, or the split switched off): alpha unchanged. */
    public static InstanceShare whole() {
        return new InstanceShare(1, 1);
    }

    /**
     * The alpha this worker's windows are judged at: {@code familyAlpha * assigned / partitions}; unchanged while
     * nothing is assigned (no events come then, so no window is judged at it).
     */
    public double alpha(double familyAlpha) {
        return assigned == 0 ? familyAlpha : familyAlpha * assigned / partitions;
    }

    /** {@code partitions / assigned}: the workers sharing the stream, were the split even; NaN while none is held. */
    public double estimatedInstances() {
        return assigned == 0 ? Double.NaN : (double) partitions / assigned;
    }
}
