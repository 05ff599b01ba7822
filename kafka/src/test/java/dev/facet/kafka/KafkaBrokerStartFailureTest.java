package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerStartFailureTest {

    @TempDir
    Path dir;

    @Test
    void startFailsAtOnceNamingABrokerPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            KafkaBroker broker = new KafkaBroker(
                    BrokerOptions.inDirectory(dir).withPort(taken.getLocalPort()).withControllerPort(0));

            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void startFailsAtOnceNamingAControllerPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            KafkaBroker broker = new KafkaBroker(
                    BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(taken.getLocalPort()));

            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("controller port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void anInvalidPropertyFailsStartWithTheToolsOwnMessage() {
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(0)
                .withProperty("num.partitions", "many"));

        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("formatting the data folder failed with exit code")
                .hasMessageContaining("Last lines of " + dir.resolve("broker.log"))
                .hasMessageContaining("num.partitions");
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void aBrokerThatExitsDuringStartUpFailsStartWithTheEndOfItsLog() throws Exception {
        // a broken meta.properties: the launcher takes the folder as formatted, the broker refuses it
        Files.createDirectories(dir.resolve("kafka-logs"));
        Files.writeString(dir.resolve("kafka-logs/meta.properties"), "version=1\n");
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(0));

        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("(?s).*the broker exited with code \\d+ before.*")
                .hasMessageContaining("meta.properties");
        assertThat(broker.isRunning()).isFalse();
    }
}
