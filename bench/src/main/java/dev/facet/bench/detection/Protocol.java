package dev.facet.bench.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * How detection power is counted, for any detector and traffic.
 *
 * <ul>
 *   <li><b>False alarms</b>: {@code cleanStreams} streams of {@code cleanWindows} clean windows each, a fresh
 *       monitor per stream; the rate is windows after which the alarm was up / windows. A stateful detector whose
 *       alarm stays up counts in every window it is up, as a dashboard would show it.</li>
 *   <li><b>Trials</b>: {@code trials} streams of {@code leadIn} clean windows then up to {@code k} drifted ones, a
 *       fresh monitor each; the delay is the number of drifted windows seen when the alarm is first up after the
 *       drift started (1: at the end of the first drifted window). A trial without an alarm within {@code k}
 *       drifted windows is missed. An alarm during the lead-in is counted apart and does not end the trial.</li>
 * </ul>
 * Every monitor of a list sees the very same windows, so signals are compared on one stream. Stream {@code i} is
 * seeded from {@code seed} and {@code i} alone, so a run is repeatable and a stream does not depend on the others.
 */
public record Protocol(int cleanStreams, int cleanWindows, int trials, int leadIn, int k, long seed) {

    public Protocol {
        if (cleanStreams < 0 || cleanWindows < 1 || trials < 0 || leadIn < 0 || k < 1) {
            throw new IllegalArgumentException("streams, trials and lead-in must be >= 0, windows and k >= 1");
        }
    }

    /** What one monitor did over the clean streams and the trials. */
    public record Outcome(int cleanWindows, int falseAlarms, int trials, int missed, int leadInAlarms,
                          List<Integer> delays) {

        public double falseAlarmRate() {
            return cleanWindows == 0 ? Double.NaN : (double) falseAlarms / cleanWindows;
        }

        public double missedRate() {
            return trials == 0 ? Double.NaN : (double) missed / trials;
        }

        /** The {@code q}-quantile (nearest rank) of the delays of detected trials, in windows; NaN if none. */
        public double delayQuantile(double q) {
            if (delays.isEmpty()) {
                return Double.NaN;
            }
            List<Integer> sorted = delays.stream().sorted().toList();
            int rank = (int) Math.ceil(q * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    /** False alarms of each of {@code monitors} on clean traffic; the trials' fields are zero. */
    public <E> List<Outcome> clean(List<Supplier<Monitor<E>>> monitors, Traffic<E> traffic) {
        int n = monitors.size();
        int[] alarms = new int[n];
        for (int s = 0; s < cleanStreams; s++) {
            SplittableRandom random = new SplittableRandom(mix(seed, 2L * s));
            List<Monitor<E>> live = fresh(monitors);
            for (int w = 0; w < cleanWindows; w++) {
                List<E> window = traffic.window(false, random);
                for (int m = 0; m < n; m++) {
                    alarms[m] += live.get(m).window(window) ? 1 : 0;
                }
            }
        }
        List<Outcome> out = new ArrayList<>(n);
        for (int m = 0; m < n; m++) {
            out.add(new Outcome(cleanStreams * cleanWindows, alarms[m], 0, 0, 0, List.of()));
        }
        return out;
    }

    /** Delay and misses of each of {@code monitors} over the trials; the clean fields are zero. */
    public <E> List<Outcome> trials(List<Supplier<Monitor<E>>> monitors, Traffic<E> traffic) {
        int n = monitors.size();
        int[] missed = new int[n];
        int[] leadInAlarms = new int[n];
        List<List<Integer>> delays = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            delays.add(new ArrayList<>());
        }
        for (int t = 0; t < trials; t++) {
            SplittableRandom random = new SplittableRandom(mix(seed, 2L * t + 1));
            List<Monitor<E>> live = fresh(monitors);
            for (int w = 0; w < leadIn; w++) {
                List<E> window = traffic.window(false, random);
                for (int m = 0; m < n; m++) {
                    leadInAlarms[m] += live.get(m).window(window) ? 1 : 0;
                }
            }
            int[] first = new int[n];
            int open = n;
            for (int w = 1; w <= k && open > 0; w++) {
                List<E> window = traffic.window(true, random);
                for (int m = 0; m < n; m++) {
                    if (first[m] == 0 && live.get(m).window(window)) {
                        first[m] = w;
                        open--;
                    }
                }
            }
            for (int m = 0; m < n; m++) {
                if (first[m] == 0) {
                    missed[m]++;
                } else {
                    delays.get(m).add(first[m]);
                }
            }
        }
        List<Outcome> out = new ArrayList<>(n);
        for (int m = 0; m < n; m++) {
            out.add(new Outcome(0, 0, trials, missed[m], leadInAlarms[m], List.copyOf(delays.get(m))));
        }
        return out;
    }

    private static <E> List<Monitor<E>> fresh(List<Supplier<Monitor<E>>> monitors) {
        return monitors.stream().map(Supplier::get).toList();
    }

    /** A seed for stream {@code i} of the run seeded {@code seed} (SplitMix64's finaliser: nearby ids spread). */
    static long mix(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
