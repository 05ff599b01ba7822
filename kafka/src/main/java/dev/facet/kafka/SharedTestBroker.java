package dev.facet.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One Kafka broker per JVM for integration tests, started on first use at free ports in a temporary folder.
 *
 * <pre>{@code
 * KafkaBroker broker = SharedTestBroker.get();
 * broker.createTopic("predictions-" + UUID.randomUUID(), 6);   // a fresh topic per test keeps tests apart
 * props.put("bootstrap.servers", broker.bootstrapServers());
 * }</pre>
 *
 * <p>A test may {@link KafkaBroker#stop()}, {@link KafkaBroker#kill()} and {@link KafkaBroker#start()} the
 * shared broker (fault tests); the next {@link #get()} starts it again if a test left it stopped. A JVM
 * shutdown hook stops it and deletes its folder. If the test JVM is killed ({@code kill -9}), no hook
 * runs: the broker then notices its stdin pipe closing and shuts itself down within seconds, leaving only
 * the temporary folder ({@code facet-kafka-*} under {@code java.io.tmpdir}).
 */
public final class SharedTestBroker {

    private SharedTestBroker() {
    }

    /**
     * @return the JVM's shared broker, running
     * @throws IllegalStateException if it cannot start (the message holds the broker log's end)
     */
    public static KafkaBroker get() {
        KafkaBroker broker = Holder.BROKER;
        broker.start(); // no-op while it runs
        return broker;
    }

    /** Lazy, thread-safe creation by class initialisation; creating does not start anything. */
    private static final class Holder {
        static final KafkaBroker BROKER = create();
    }

    private static KafkaBroker create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("facet-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the shared test broker", e);
        }
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(0));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            deleteRecursively(dir);
        }, "facet-kafka-shared-broker-shutdown"));
        return broker;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at JVM exit: a leftover temporary folder harms nothing
        }
    }
}
