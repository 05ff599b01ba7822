package dev.facet.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A service in its own JVM, started through its {@code main} as a container would ({@code java [opts] -cp ...
 * Main}, configured by environment variables), so a benchmark measures it without sharing a heap, a JIT or a
 * GC with the harness, the broker or the load generator.
 *
 * @param startSeconds from spawning the JVM to the first 200 from {@code /health/ready}, polled every 10 ms
 */
public record ServiceProcess(String name, Process process, int port, double startSeconds) implements AutoCloseable {

    /** What the Dockerfile's {@code JAVA_TOOL_OPTIONS} set for every service besides the heap. */
    private static final String DOCKERFILE_JVM_OPTS = "-XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000";

    /**
     * The JVM of a Compose container: half of {@code mem_limit: 512m} as heap, Serial GC, which the JVM picks
     * by itself below 1,792 MB and the Dockerfile sets explicitly (on this 23 GB host the JVM would pick G1), and
     * the native heap trimmed every 5 s, as the Dockerfile does.
     */
    public static final String CONTAINER_JVM_OPTS = "-Xmx256m " + DOCKERFILE_JVM_OPTS;

    /** Serving's container: Compose gives it a 128 MB heap (its live set is about 30 MB) to stay under 300 MB RSS. */
    public static final String SERVING_CONTAINER_JVM_OPTS = "-Xmx128m " + DOCKERFILE_JVM_OPTS;

    /**
     * Starts {@code main} with {@code env} plus {@code <envPrefix>HTTP_PORT} set to a free port, waits until ready.
     *
     * @param jvmOpts JVM options, space separated ("" for none)
     */
    public static ServiceProcess start(String name, String main, String envPrefix, Map<String, String> env,
                                       String jvmOpts, Path log) throws IOException, InterruptedException {
        return start(name, main, envPrefix, env, jvmOpts, System.getProperty("java.class.path"), log);
    }

    /**
     * As {@link #start(String, String, String, Map, String, Path)} with the given class path, e.g. {@link #jarClassPath()}.
     */
    public static ServiceProcess start(String name, String main, String envPrefix, Map<String, String> env,
                                       String jvmOpts, String classPath, Path log) throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!jvmOpts.isBlank()) {
            cmd.addAll(List.of(jvmOpts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", classPath, main));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put(envPrefix + "HTTP_PORT", Integer.toString(port));
        long t0 = System.nanoTime();
        Process p = pb.start();
        String ready = "http://127.0.0.1:" + port + "/health/ready";
        long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
        while (Scrape.status(ready) != 200) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not become ready; see " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(10); // polling period of the measurement, not synchronisation
        }
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "bench: %s ready in %.2f s (%s)%n", name, startSeconds, Machine.loadText());
        return new ServiceProcess(name, p, port, startSeconds);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public double rssMiB() {
        return Machine.rssMiB(process.pid());
    }

    /** SIGTERM (the services' shutdown hooks stop them gracefully), then a kill after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The harness's class path without its directories: the jars, which hold every service (as the image's
     * {@code /app/lib} does), and the only entries a class-data-sharing archive accepts.
     */
    public static String jarClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> Files.isRegularFile(Path.of(e)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A port free at the time of the call (bound to 0 and released). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
