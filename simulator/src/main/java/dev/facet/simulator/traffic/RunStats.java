package dev.facet.simulator.traffic;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and the latency histogram of one run. Event loops write (LongAdder and HdrHistogram's
 * {@link Recorder} are wait-free for concurrent writers); one reader at a time takes snapshots.
 */
public final class RunStats {

    /** Latencies up to 5 minutes at 3 significant digits, in microseconds. */
    private static final long MAX_MICROS = 300_000_000L;

    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder clientErrors = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder transportErrors = new LongAdder();
    final LongAdder badSent = new LongAdder();
    final LongAdder badRejected = new LongAdder();
    final LongAdder badAccepted = new LongAdder();
    final LongAdder feedbackSent = new LongAdder();
    final LongAdder feedbackOk = new LongAdder();
    final LongAdder feedbackRejected = new LongAdder();
    final LongAdder feedbackFailed = new LongAdder();
    final LongAdder abandoned = new LongAdder();

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private final long startNanos;
    private final AtomicLong lastSendNanos = new AtomicLong();
    private final double intervalNanos;
    private volatile long endNanos;

    public RunStats(long startNanos, double intervalNanos) {
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
    }

    void sentAt(long nanos) {
        sent.increment();
        lastSendNanos.accumulateAndGet(nanos, Math::max);
    }

    void latency(long nanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    void finished(long nanos) {
        endNanos = nanos;
    }

    /** Everything so far; the histogram is cumulative since the start of the run. */
    public synchronized Snapshot snapshot() {
        total.add(recorder.getIntervalHistogram());
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        long sends = sent.sum();
        // the sending window: from the start to one interval after the last send, so N sends at rate r give r
        double sendSeconds = sends == 0 ? 0 : (lastSendNanos.get() - startNanos + intervalNanos) / 1e9;
        return new Snapshot((end - startNanos) / 1e9, sendSeconds, sends, ok.sum(), clientErrors.sum(), serverErrors.sum(),
                transportErrors.sum(), badSent.sum(), badRejected.sum(), badAccepted.sum(), feedbackSent.sum(),
                feedbackOk.sum(), feedbackRejected.sum(), feedbackFailed.sum(), abandoned.sum(),
                total.getTotalCount(), micros(total.getValueAtPercentile(50)), micros(total.getValueAtPercentile(90)),
                micros(total.getValueAtPercentile(99)), micros(total.getValueAtPercentile(99.9)),
                micros(total.getMaxValue()), total.copy());
    }

    private static double micros(long v) {
        return v / 1000.0;
    }
}
