package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerMainArgumentsTest {

    @Test
    void noArgumentsRunTheProjectTopicsOnTheDefaultPortsUnderRun() {
        BrokerMain.Arguments arguments = BrokerMain.Arguments.parse();

        assertThat(arguments.options().dataDir()).isEqualTo(Path.of("run", "kafka"));
        assertThat(arguments.options().port()).isEqualTo(9092);
        assertThat(arguments.topics()).isEqualTo(Topics.all());
    }

    @Test
    void optionsSetFolderPortsLogAndTopics() {
        BrokerMain.Arguments arguments = BrokerMain.Arguments.parse("--log", "/tmp/b.log", "--data", "/tmp/k",
                "--port", "19092", "--controller-port", "0", "--topics", "predictions:6, ground-truth ,x.dlq:1");

        assertThat(arguments.options().dataDir()).isEqualTo(Path.of("/tmp/k"));
        assertThat(arguments.options().logFile()).isEqualTo(Path.of("/tmp/b.log"));
        assertThat(arguments.options().port()).isEqualTo(19092);
        assertThat(arguments.options().controllerPort()).isZero();
        assertThat(arguments.topics()).containsExactly(
                java.util.Map.entry("predictions", 6), java.util.Map.entry("ground-truth", 6),
                java.util.Map.entry("x.dlq", 1));
    }

    @Test
    void anEmptyTopicListCreatesNone() {
        assertThat(BrokerMain.Arguments.parse("--topics", "").topics()).isEmpty();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> BrokerMain.Arguments.parse("--port", "ninety"))
                .hasMessage("--port must be an integer, got \"ninety\"");
        assertThatThrownBy(() -> BrokerMain.Arguments.parse("--topics", "predictions:0"))
                .hasMessage("--topics: partitions of predictions must be >= 1, got 0");
        assertThatThrownBy(() -> BrokerMain.Arguments.parse("--verbose", "yes"))
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> BrokerMain.Arguments.parse("--data"))
                .hasMessageContaining("every option needs a value");
    }
}
