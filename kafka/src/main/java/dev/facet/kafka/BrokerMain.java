package dev.facet.kafka;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one broker until Ctrl-C or SIGTERM: starts it, creates the topics, prints the bootstrap address,
 * and stops it gracefully on the way out.
 *
 * <pre>
 * mvn -q -pl kafka compile exec:java -Dexec.args="--data run/kafka --port 9092"
 * </pre>
 *
 * <p>Exit codes: 0 after a stop by signal, 1 if the broker fails to start or exits by itself, 2 for bad
 * arguments.
 */
public final class BrokerMain {

    static final String USAGE = """
            Usage: BrokerMain [--data DIR] [--port PORT] [--controller-port PORT] [--log FILE]
                              [--topics NAME:PARTITIONS,...]
              --data             broker folder (partition data, effective config, log); default run/kafka
              --port             client port on 127.0.0.1; 0 for a free one; default 9092
              --controller-port  KRaft controller port on 127.0.0.1; 0 for a free one; default 9095
              --log              broker log file; default DIR/broker.log
              --topics           topics to create if missing, NAME or NAME:PARTITIONS (default 6), comma-separated;
                                 "" for none; default predictions:6,ground-truth:6,predictions.dlq:1,ground-truth.dlq:1,
                                 evaluations:1 (kept a year)
            """;

    private BrokerMain() {
    }

    /**
     * Runs the broker; see the class comment.
     *
     * @param args see {@link #USAGE}
     * @throws InterruptedException if interrupted while the broker runs
     */
    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        KafkaBroker broker = new KafkaBroker(arguments.options());
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            broker.stop();
            // System.out, not the logger: java.util.logging may already be reset by its own shutdown hook
            System.out.println("facet-kafka: broker stopped");
        }, "facet-kafka-stop"));
        try {
            broker.start();
            arguments.topics().forEach(broker::createTopic);
        } catch (RuntimeException e) {
            System.err.println("facet-kafka: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("facet-kafka: broker ready at " + broker.bootstrapServers() + ", topics "
                + arguments.topics() + ", data " + broker.options().dataDir() + ", log "
                + broker.options().logFile() + "; Ctrl-C stops it");
        int exitCode = broker.awaitExit();
        if (!stopping.get()) {
            System.err.println("facet-kafka: the broker exited by itself with code " + exitCode + "; see "
                    + broker.options().logFile());
            System.exit(1);
        }
    }

    /** Parsed command line. */
    record Arguments(BrokerOptions options, Map<String, Integer> topics) {

        static Arguments parse(String... args) {
            BrokerOptions options = BrokerOptions.inDirectory(Path.of("run", "kafka"));
            Path logFile = null;
            Map<String, Integer> topics = Topics.all();
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("every option needs a value: " + List.of(args));
            }
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                String value = args[i + 1];
                switch (name) {
                    case "--data" -> options = withDataDir(options, Path.of(value));
                    case "--port" -> options = options.withPort(integer(name, value));
                    case "--controller-port" -> options = options.withControllerPort(integer(name, value));
                    case "--log" -> logFile = Path.of(value);
                    case "--topics" -> topics = topics(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (logFile != null) {
                options = options.withLogFile(logFile);
            }
            return new Arguments(options, topics);
        }

        /** A new folder also moves the default log file into it. */
        private static BrokerOptions withDataDir(BrokerOptions options, Path dataDir) {
            return BrokerOptions.inDirectory(dataDir)
                    .withPort(options.port())
                    .withControllerPort(options.controllerPort());
        }

        static Map<String, Integer> topics(String spec) {
            Map<String, Integer> topics = new LinkedHashMap<>();
            for (String item : spec.split(",")) {
                String topic = item.strip();
                if (topic.isEmpty()) {
                    continue;
                }
                int colon = topic.lastIndexOf(':');
                if (colon < 0) {
                    topics.put(topic, Topics.DEFAULT_PARTITIONS);
                } else {
                    int partitions = integer("--topics partitions of " + topic.substring(0, colon),
                            topic.substring(colon + 1));
                    if (partitions < 1) {
                        throw new IllegalArgumentException("--topics: partitions of " + topic.substring(0, colon)
                                + " must be >= 1, got " + partitions);
                    }
                    topics.put(topic.substring(0, colon), partitions);
                }
            }
            return Collections.unmodifiableMap(topics);
        }

        private static int integer(String name, String value) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer, got \"" + value + "\"");
            }
        }
    }
}
