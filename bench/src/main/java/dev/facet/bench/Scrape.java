package dev.facet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small blocking HTTP reads for the benchmark drivers (never on an event loop): status, body, a metric's sum. */
public final class Scrape {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Scrape() {
    }

    public static int status(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /**
     * The sum over every series of a Prometheus metric whose name and labels match {@code seriesRegex}, e.g.
     * {@code kafka_publish_events_total\{.*outcome="sent".*\}}.
     */
    public static double sum(String prometheusText, String seriesRegex) {
        Pattern p = Pattern.compile("^(" + seriesRegex + ")\\s+([-+0-9.eE]+|NaN)\\s*$", Pattern.MULTILINE);
        Matcher m = p.matcher(prometheusText);
        double total = 0;
        while (m.find()) {
            String v = m.group(m.groupCount());
            if (!v.equals("NaN")) {
                total += Double.parseDouble(v);
            }
        }
        return total;
    }
}
