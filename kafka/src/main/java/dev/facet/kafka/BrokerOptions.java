package dev.facet.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run one {@link KafkaBroker}. Start from {@link #inDirectory(Path)} and change what differs:
 *
 * <pre>{@code
 * BrokerOptions options = BrokerOptions.inDirectory(Path.of("run/kafka"))
 *         .withPort(0)                        // 0: a free port, chosen once per KafkaBroker
 *         .withProperty("log.retention.hours", "1");
 * }</pre>
 *
 * @param dataDir         folder of the broker: its partition data ({@code kafka-logs/}), the effective
 *                        {@code server.properties} and, by default, its log file; created if missing
 * @param port            PLAINTEXT listener port on 127.0.0.1, the one clients use; 0 picks a free port
 * @param controllerPort  KRaft controller listener port on 127.0.0.1; 0 picks a free port
 * @param logFile         file the broker JVM's output (its log4j log, stdout and stderr) is appended to
 * @param extraProperties server properties applied last, over the template {@code kafka/server.properties};
 *                        the launcher's own keys ({@code listeners}, {@code log.dirs}, ...) are refused
 * @param startTimeout    how long {@link KafkaBroker#start()} waits for the broker to answer
 */
public record BrokerOptions(
        Path dataDir,
        int port,
        int controllerPort,
        Path logFile,
        Map<String, String> extraProperties,
        Duration startTimeout) {

    /** Kafka's usual client port. */
    public static final int DEFAULT_PORT = 9092;

    /**
     * Not Kafka's usual 9093: the local stack runs Alertmanager there (and its cluster port on 9094).
     * Clients never use the controller port.
     */
    public static final int DEFAULT_CONTROLLER_PORT = 9095;

    /** A cold start on a busy 2-core machine takes about 10 s; this leaves room for a slow CI runner. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    // checks the values and copies the properties, so an options value never changes after it is built
    public BrokerOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(extraProperties, "extraProperties");
        Objects.requireNonNull(startTimeout, "startTimeout");
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException(
                    "port and controllerPort must differ, both are " + port);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be > 0, got " + startTimeout);
        }
        extraProperties.forEach((key, value) -> {
            Objects.requireNonNull(key, "extraProperties key");
            Objects.requireNonNull(value, () -> "extraProperties value of " + key);
            if (ServerConfig.LAUNCHER_KEYS.contains(key)) {
                throw new IllegalArgumentException("extraProperties must not set \"" + key
                        + "\": the launcher derives it from the ports and data folder; it derives "
                        + ServerConfig.LAUNCHER_KEYS);
            }
        });
        extraProperties = Collections.unmodifiableMap(new LinkedHashMap<>(extraProperties));
    }

    /**
     * Default options for a broker whose files live in {@code dataDir}: ports {@value #DEFAULT_PORT} and
     * {@value #DEFAULT_CONTROLLER_PORT}, log file {@code dataDir/broker.log}, no extra properties.
     *
     * @param dataDir the broker's folder
     * @return the defaults
     */
    public static BrokerOptions inDirectory(Path dataDir) {
        return new BrokerOptions(dataDir, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT,
                dataDir.resolve("broker.log"), Map.of(), DEFAULT_START_TIMEOUT);
    }

    /**
     * @param newPort client port, 0 for a free one
     * @return a copy with that port
     */
    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(dataDir, newPort, controllerPort, logFile, extraProperties, startTimeout);
    }

    /**
     * @param newControllerPort controller port, 0 for a free one
     * @return a copy with that controller port
     */
    public BrokerOptions withControllerPort(int newControllerPort) {
        return new BrokerOptions(dataDir, port, newControllerPort, logFile, extraProperties, startTimeout);
    }

    /**
     * @param newLogFile where the broker's output goes
     * @return a copy with that log file
     */
    public BrokerOptions withLogFile(Path newLogFile) {
        return new BrokerOptions(dataDir, port, controllerPort, newLogFile, extraProperties, startTimeout);
    }

    /**
     * @param key   a Kafka server property, e.g. {@code log.retention.ms}
     * @param value its value
     * @return a copy with that property set (over the template)
     */
    public BrokerOptions withProperty(String key, String value) {
        Map<String, String> properties = new LinkedHashMap<>(extraProperties);
        properties.put(key, value);
        return new BrokerOptions(dataDir, port, controllerPort, logFile, properties, startTimeout);
    }

    /**
     * @param newStartTimeout how long {@link KafkaBroker#start()} may take
     * @return a copy with that timeout
     */
    public BrokerOptions withStartTimeout(Duration newStartTimeout) {
        return new BrokerOptions(dataDir, port, controllerPort, logFile, extraProperties, newStartTimeout);
    }

    private static void checkPort(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (a free port) or 1..65535, got " + value);
        }
    }
}
