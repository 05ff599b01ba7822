package dev.facet.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts JVMs on the broker's classpath (the storage tool, the broker), working in the data folder, with
 * stdout and stderr appended to the broker log.
 */
final class ChildJvm {

    /**
     * A small heap: CI has 2 cores and 24 GB shared by several JVMs, and a broker with a few topics and
     * light traffic needs little. ExitOnOutOfMemoryError turns a wedged broker into a visible crash.
     */
    static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private static final String LOG4J_RESOURCE = "/dev/facet/kafka/broker-log4j2.xml";

    private final BrokerOptions options;
    private final String classpath;
    private final Path log4jConfig;

    private ChildJvm(BrokerOptions options, String classpath, Path log4jConfig) {
        this.options = options;
        this.classpath = classpath;
        this.log4jConfig = log4jConfig;
    }

    /** Creates the folders and writes the broker's log4j configuration into the data folder. */
    static ChildJvm prepare(BrokerOptions options) throws IOException {
        String classpath = BrokerClasspath.get();
        Files.createDirectories(options.dataDir());
        Files.createDirectories(options.logFile().getParent());
        Path log4jConfig = options.dataDir().resolve("broker-log4j2.xml");
        try (InputStream in = ChildJvm.class.getResourceAsStream(LOG4J_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + LOG4J_RESOURCE + " is missing from the facet-kafka jar");
            }
            Files.copy(in, log4jConfig, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ChildJvm(options, classpath, log4jConfig);
    }

    Process start(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + log4jConfig);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        // stdin stays a pipe that is never written to: the broker exits when it closes (BrokerProcessMain)
        return new ProcessBuilder(command)
                .directory(options.dataDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()))
                .start();
    }

    /** A marker line in the broker log, so each start is easy to find in it. */
    void mark(String line) throws IOException {
        Files.writeString(options.logFile(), "=== facet-kafka " + Instant.now() + ": " + line + " ===\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
