package dev.facet.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * serving's own latency histogram for {@code POST /predict} ({@code prediction_latency_seconds}, from parsed
 * body to written response), read from its {@code /metrics} before and after a run, so the summary can print
 * the server's p99 beside the client's round trip. Blocking HTTP: call it from the command's thread only.
 */
final class ServingLatency {

    static final String METRIC = "prediction_latency_seconds";
    static final String BUCKET = METRIC + "_bucket";
    private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");

    /**
     * Cumulative counts by upper bound in seconds ({@code le}, {@code +Inf} included), summed over every series of
     * the {@code predict} endpoint (one per instance label set).
     */
    record Buckets(NavigableMap<Double, Double> cumulative) {

        /** The observations made since {@code earlier}, a scrape of the same server. */
        Buckets minus(Buckets earlier) {
            NavigableMap<Double, Double> d = new TreeMap<>();
            cumulative.forEach((le, n) -> d.put(le, n - earlier.cumulative.getOrDefault(le, 0.0)));
            return new Buckets(d);
        }

        double count() {
            return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        }

        /**
         * The {@code q} quantile in seconds as Prometheus's {@code histogram_quantile} estimates it: linear within
         * the bucket holding the rank, from 0 for the first bucket; in the {@code +Inf} bucket, the highest finite
         * bound. Empty when nothing was observed.
         */
        OptionalDouble quantile(double q) {
            double total = count();
            if (!(total > 0) || cumulative.lastKey() != Double.POSITIVE_INFINITY) {
                return OptionalDouble.empty();
            }
            double rank = q * total;
            double lower = 0;
            double below = 0;
            for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
                if (b.getValue() >= rank) {
                    if (b.getKey() == Double.POSITIVE_INFINITY) {
                        return OptionalDouble.of(lower);
                    }
                    double inBucket = b.getValue() - below;
                    return OptionalDouble.of(inBucket > 0
                            ? lower + (b.getKey() - lower) * (rank - below) / inBucket : b.getKey());
                }
                lower = b.getKey();
                below = b.getValue();
            }
            return OptionalDouble.of(lower);
        }
    }

    private ServingLatency() {
    }

    /** The predict endpoint's buckets in a Prometheus text exposition (empty when it has none). */
    static Buckets parse(String exposition) {
        NavigableMap<Double, Double> counts = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(BUCKET + "{")) {
                continue;
            }
            int close = line.indexOf('}');
            if (close < 0) {
                continue;
            }
            String labels = line.substring(BUCKET.length() + 1, close);
            Matcher le = LE.matcher(labels);
            if (!labels.contains("endpoint=\"predict\"") || !le.find()) {
                continue;
            }
            String[] rest = line.substring(close + 1).trim().split("\\s+");
            try {
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                counts.merge(bound, Double.parseDouble(rest[0]), Double::sum);
            } catch (NumberFormatException e) {
                // not a sample we can read: leave it out rather than fail the run's summary
            }
        }
        return new Buckets(counts);
    }

    /** serving's buckets now, or empty when its {@code /metrics} cannot be read (the reason is not the run's concern). */
    static Optional<Buckets> scrape(HttpClient http, URI serving) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(serving + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(parse(r.body())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The summary's line for serving's own p99 over the run, from scrapes before and after it. */
    static String line(Optional<Buckets> before, Optional<Buckets> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return "serving    its own latency: not available (" + METRIC + " not readable from its /metrics)";
        }
        Buckets run = after.get().minus(before.get());
        OptionalDouble p99 = run.quantile(0.99);
        if (p99.isEmpty()) {
            return "serving    its own latency: no POST /predict observed in its /metrics during the run";
        }
        return String.format(Locale.ROOT,
                "serving    its own p99 for POST /predict during the run: %.2f ms over %.0f requests (%s from its"
                        + " /metrics: parsed body to written response, every client's requests)",
                p99.getAsDouble() * 1000, run.count(), METRIC);
    }
}
