package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void theTemplateConfiguresOneCombinedNodeWithExplicitTopics() {
        ServerConfig config = ServerConfig.of(BrokerOptions.inDirectory(dir));

        assertThat(config.properties())
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "6")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void listenersQuorumAndLogDirsComeFromTheOptions() {
        ServerConfig config = ServerConfig.of(BrokerOptions.inDirectory(dir).withPort(19092).withControllerPort(19093));

        assertThat(config.properties())
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("log.dirs", dir.resolve("kafka-logs").toAbsolutePath().toString());
    }

    @Test
    void extraPropertiesWinOverTheTemplate() {
        ServerConfig config = ServerConfig.of(BrokerOptions.inDirectory(dir).withProperty("num.partitions", "3")
                .withProperty("log.retention.ms", "60000"));

        assertThat(config.properties()).containsEntry("num.partitions", "3").containsEntry("log.retention.ms", "60000");
    }

    @Test
    void theWrittenFileReadsBackAsTheSameProperties() throws Exception {
        ServerConfig config = ServerConfig.of(BrokerOptions.inDirectory(dir));
        Path file = dir.resolve("server.properties");

        config.write(file);

        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            read.load(in);
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(config.properties());
    }
}
