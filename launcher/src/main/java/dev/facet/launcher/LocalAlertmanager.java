package dev.facet.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the Debian {@code prometheus-alertmanager} binary (or upstream's {@code alertmanager}), when installed,
 * with a config written by {@link AlertmanagerConfig}, its storage under the run folder and clustering off: a
 * single local instance has no peers, and the default gossip port would clash with any other Alertmanager on
 * the machine.
 */
final class LocalAlertmanager {

    /** Alertmanager answers /-/ready within a second or two; a port already taken ends it sooner. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private LocalAlertmanager(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The installed binary: Debian names it prometheus-alertmanager, upstream's tarball alertmanager. */
    static Optional<Path> binary() {
        return LocalPrometheus.onPath("prometheus-alertmanager").or(() -> LocalPrometheus.onPath("alertmanager"));
    }

    /**
     * Writes {@code config} to run/alertmanager/alertmanager.yml, starts {@code binary} on 127.0.0.1:{@code port}
     * with its log appended to run/logs/alertmanager.log, and returns once it answers /-/ready.
     *
     * @throws IOException when it exits or is not ready in time (it is stopped then); the message names its log
     */
    static LocalAlertmanager start(Path binary, Path runDir, int port, String config)
            throws IOException, InterruptedException {
        requireFree(port);
        Path dir = runDir.resolve("alertmanager");
        Files.createDirectories(dir.resolve("data"));
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, config);
        Path log = runDir.resolve("logs").resolve("alertmanager.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + file,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!awaitReady(process, port)) {
            LocalPrometheus.stop(process);
            throw new IOException("Alertmanager did not start on 127.0.0.1:" + port + " (exit "
                    + (process.isAlive() ? "none" : process.exitValue()) + "); see " + log.toAbsolutePath());
        }
        return new LocalAlertmanager(process, port);
    }

    int port() {
        return port;
    }

    void stop() {
        LocalPrometheus.stop(process);
    }

    /**
     * Another Alertmanager already on the port would answer /-/ready for ours, and the local stack would then
     * report alerting that goes to someone else's receivers.
     */
    private static void requireFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            // free: closed again at once, for Alertmanager to bind
        } catch (IOException e) {
            throw new IOException("127.0.0.1:" + port + " is already in use (--alertmanager-port PORT picks another)", e);
        }
    }

    /** Polls /-/ready, pausing in waitFor so that an Alertmanager that exits (port taken, bad config) ends the wait. */
    private static boolean awaitReady(Process process, int port) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                return false;
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notListeningYet) {
                // connection refused until it binds its port
            }
        }
        return false;
    }
}
