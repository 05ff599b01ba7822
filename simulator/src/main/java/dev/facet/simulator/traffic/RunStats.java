package dev.facet.simulator.traffic;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters and the latency histograms of one run. Event loops write (LongAdder and HdrHistogram's
 * {@link Recorder} are wait-free for concurrent writers); one reader at a time takes snapshots.
 *
 * <p>Two times per request, kept apart: the round trip, from the moment the request is handed to the HTTP
 * client to its response (the server, the network and the wait for a pooled connection), and the lateness, from
 * its scheduled time to that hand-over (the generator's own delay: start-up, a stalled event loop, a busy
 * machine). Adding the two gives the time from the schedule, which mixes the client's stalls into what reads as
 * the server's latency.
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

    private final Recorder roundTripRecorder = new Recorder(MAX_MICROS, 3);
    private final Recorder latenessRecorder = new Recorder(MAX_MICROS, 3);
    private final Histogram roundTrip = new Histogram(MAX_MICROS, 3);
    private final Histogram lateness = new Histogram(MAX_MICROS, 3);
    private final LongSupplier clock;
    private final AtomicLong lastSendNanos = new AtomicLong();
    private final double intervalNanos;
    private volatile long startNanos;
    private volatile boolean begun;
    private volatile long endNanos;

    /** @param clock the generators' clock, in nanoseconds ({@code System::nanoTime}) */
    public RunStats(LongSupplier clock, double intervalNanos) {
        this.clock = clock;
        this.intervalNanos = intervalNanos;
    }

    /** The schedule's start: request 0 is due then. Before it the run is warming up and shows zero time. */
    void begin(long nanos) {
        startNanos = nanos;
        begun = true;
    }

    /** A request due at {@code dueNanos} was handed to the HTTP client at {@code sentNanos}. */
    void sent(long dueNanos, long sentNanos) {
        sent.increment();
        lastSendNanos.accumulateAndGet(sentNanos, Math::max);
        latenessRecorder.recordValue(micros(sentNanos - dueNanos));
    }

    /** The response to a request handed over at {@code sentNanos} arrived at {@code answeredNanos}. */
    void answered(long sentNanos, long answeredNanos) {
        roundTripRecorder.recordValue(micros(answeredNanos - sentNanos));
    }

    void finished(long nanos) {
        endNanos = nanos;
    }

    private static long micros(long nanos) {
        return Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
    }

    /** Everything so far; the histograms are cumulative since the start of the run. */
    public synchronized Snapshot snapshot() {
        roundTrip.add(roundTripRecorder.getIntervalHistogram());
        lateness.add(latenessRecorder.getIntervalHistogram());
        long end = endNanos != 0 ? endNanos : clock.getAsLong();
        double elapsed = begun ? Math.max(0, end - startNanos) / 1e9 : 0;
        long sends = sent.sum();
        // the sending window: from the start to one interval after the last send, so N sends at rate r give r
        double sendSeconds = sends == 0 ? 0 : (lastSendNanos.get() - startNanos + intervalNanos) / 1e9;
        return new Snapshot(elapsed, sendSeconds, sends, ok.sum(), clientErrors.sum(), serverErrors.sum(),
                transportErrors.sum(), badSent.sum(), badRejected.sum(), badAccepted.sum(), feedbackSent.sum(),
                feedbackOk.sum(), feedbackRejected.sum(), feedbackFailed.sum(), abandoned.sum(),
                Snapshot.Latency.of(roundTrip), Snapshot.Latency.of(lateness));
    }
}
