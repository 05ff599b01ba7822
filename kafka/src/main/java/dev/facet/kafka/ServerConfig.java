package dev.facet.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The effective server properties of one broker: the template {@code kafka/server.properties} (copied into
 * the jar at build time) with the launcher's keys set from the ports and data folder, then the extra
 * properties.
 */
final class ServerConfig {

    static final String TEMPLATE_RESOURCE = "/dev/facet/kafka/server.properties";

    /** Sub-folder of the data folder holding partition data and the KRaft metadata log. */
    static final String LOG_DIRS = "kafka-logs";

    /** Keys that must agree with the ports and folders the launcher checks, formats and connects to. */
    static final Set<String> LAUNCHER_KEYS = Set.of(
            "listeners", "advertised.listeners", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "log.dirs", "log.dir", "metadata.log.dir", "node.id");

    private final Map<String, String> properties;

    private ServerConfig(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(properties);
    }

    /**
     * @param options options whose ports are already resolved (not 0)
     * @return the template with the launcher's keys and the extra properties applied
     */
    static ServerConfig of(BrokerOptions options) {
        Map<String, String> properties = new TreeMap<>(template());
        String host = KafkaBroker.HOST;
        properties.put("controller.quorum.voters", "1@" + host + ":" + options.controllerPort());
        properties.put("listeners",
                "PLAINTEXT://" + host + ":" + options.port() + ",CONTROLLER://" + host + ":" + options.controllerPort());
        properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + options.port());
        properties.put("log.dirs", logDirs(options.dataDir()).toAbsolutePath().toString());
        properties.putAll(options.extraProperties());
        return new ServerConfig(properties);
    }

    static Path logDirs(Path dataDir) {
        return dataDir.resolve(LOG_DIRS);
    }

    Map<String, String> properties() {
        return properties;
    }

    /** Writes the properties, sorted, with a header saying where they come from. */
    void write(Path file) {
        StringBuilder text = new StringBuilder()
                .append("# Written by dev.facet.kafka.KafkaBroker on every start, from the template\n")
                .append("# kafka/server.properties plus the launcher's ports and folders: edit the template.\n");
        properties.forEach((key, value) -> text.append(escape(key)).append('=').append(escape(value)).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration " + file, e);
        }
    }

    private static Map<String, String> template() {
        Properties template = new Properties();
        try (InputStream in = ServerConfig.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TEMPLATE_RESOURCE
                        + " is missing from the facet-kafka jar; rebuild the module with Maven");
            }
            template.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        template.stringPropertyNames().forEach(key -> map.put(key, template.getProperty(key)));
        return map;
    }

    /** Backslashes (Windows paths) and line breaks; '=' and ':' need no escape inside a value. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
