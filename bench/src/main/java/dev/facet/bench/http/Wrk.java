package dev.facet.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (closed loop: each connection sends its next request when the last answer arrives). */
public final class Wrk {

    /** What one wrk run measured. Latencies in milliseconds, from wrk's --latency distribution. */
    public record Result(double requestsPerSecond, long requests, long non2xx, long socketErrors,
                         double p50Ms, double p90Ms, double p99Ms, String output) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private Wrk() {
    }

    public static Result run(String url, Path script, Map<String, String> env, int threads, int connections,
                             Duration duration) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency", "-s", script.toString(), url));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("wrk failed (" + String.join(" ", cmd) + "):\n" + out);
        }
        return parse(out);
    }

    public static Result parse(String out) {
        Matcher rps = RPS.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rps.find() || !total.find()) {
            throw new IllegalArgumentException("not wrk output:\n" + out);
        }
        Matcher non = NON2XX.matcher(out);
        Matcher sock = SOCKET.matcher(out);
        long socketErrors = 0;
        if (sock.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(sock.group(g));
            }
        }
        double[] pct = new double[3];
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1;
                default -> 1000;
            };
            pct[switch (m.group(1)) { case "50" -> 0; case "90" -> 1; default -> 2; }] = v;
        }
        return new Result(Double.parseDouble(rps.group(1)), Long.parseLong(total.group(1)),
                non.find() ? Long.parseLong(non.group(1)) : 0, socketErrors, pct[0], pct[1], pct[2], out);
    }
}
