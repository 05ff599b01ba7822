package dev.facet.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One service running as a separate JVM from this test's classpath, its settings in environment variables, so
 * that it can be killed with SIGKILL ({@link Process#destroyForcibly()}) like a crashed container.
 */
final class ChildService implements AutoCloseable {

    private final Process process;
    private final Http http;
    private final long startedNanos = System.nanoTime();

    private ChildService(Process process, int port) {
        this.process = process;
        this.http = new Http(port);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code mainClass} with {@code env} added to this JVM's environment; output goes to {@code log}. */
    static ChildService start(String mainClass, int port, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            return new ChildService(pb.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /health/ready} answers 200; returns how long that took since the process started. */
    Duration awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " before it was ready");
            }
            return http.get("/health/ready").statusCode() == 200;
        });
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    Http http() {
        return http;
    }

    /** SIGKILL: no shutdown hook runs, nothing is committed or flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
