package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerOptionsTest {

    private final Path dir = Path.of("run", "kafka");

    @Test
    void defaultsUseKafkasClientPortAndALogFileInTheDataFolder() {
        BrokerOptions options = BrokerOptions.inDirectory(dir);

        assertThat(options.port()).isEqualTo(9092);
        assertThat(options.controllerPort()).isEqualTo(9095);
        assertThat(options.logFile()).isEqualTo(dir.resolve("broker.log"));
        assertThat(options.extraProperties()).isEmpty();
    }

    @Test
    void portsOutsideTheTcpRangeAreRefusedWithTheirName() {
        assertThatThrownBy(() -> BrokerOptions.inDirectory(dir).withControllerPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("controllerPort must be 0 (a free port) or 1..65535, got 70000");
    }

    @Test
    void oneFixedPortForBothListenersIsRefused() {
        assertThatThrownBy(() -> BrokerOptions.inDirectory(dir).withControllerPort(9092))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must differ");
    }

    @Test
    void theLaunchersOwnPropertiesCannotBeOverridden() {
        assertThatThrownBy(() -> BrokerOptions.inDirectory(dir).withProperty("listeners", "PLAINTEXT://:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not set \"listeners\"");
    }

    @Test
    void freePortsAreChosenOnceWhenTheBrokerIsBuilt() {
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(0));

        assertThat(broker.options().port()).isBetween(FreePorts.FIRST, FreePorts.LAST);
        assertThat(broker.options().controllerPort()).isBetween(FreePorts.FIRST, FreePorts.LAST)
                .isNotEqualTo(broker.options().port());
        assertThat(broker.options().dataDir()).isAbsolute();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.options().port());
        assertThat(broker.isRunning()).isFalse();
    }
}
