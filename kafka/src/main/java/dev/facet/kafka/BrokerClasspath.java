package dev.facet.kafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of the child broker JVM. Maven writes it at build time (see the module's pom) as two lists
 * of absolute paths into the local repository: the jars of our runtime scope (kafka-clients and its
 * compression libraries) and the "provided" ones (server, Scala, log4j). This module's own classes come
 * first, for {@link BrokerProcessMain}.
 */
final class BrokerClasspath {

    private static final List<String> RESOURCES = List.of(
            "/dev/facet/kafka/broker-runtime.classpath",
            "/dev/facet/kafka/broker-provided.classpath");

    private BrokerClasspath() {
    }

    static String get() {
        List<Path> entries = new ArrayList<>();
        entries.add(ownLocation());
        for (String resource : RESOURCES) {
            for (String entry : read(resource).split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(Path.of(entry.strip()));
                }
            }
        }
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                throw new IllegalStateException("the Kafka broker's classpath names " + entry
                        + ", which does not exist: facet-kafka was built on another machine or the local "
                        + "Maven repository changed since; rebuild it (mvn -pl kafka install)");
            }
        }
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static String read(String resource) {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing: it is written by "
                        + "maven-dependency-plugin during the build of facet-kafka; build it with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The jar (or classes folder) this class was loaded from. */
    private static Path ownLocation() {
        try {
            return Path.of(BrokerProcessMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the facet-kafka classes", e);
        }
    }
}
