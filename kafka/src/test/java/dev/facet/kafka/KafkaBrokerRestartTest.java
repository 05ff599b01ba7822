package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop, kill and start one broker of its own: what the services' fault tests will do. */
class KafkaBrokerRestartTest {

    private static final String TOPIC = "events";

    @TempDir
    Path dir;

    @Test
    void acknowledgedRecordsAndCommittedOffsetsSurviveAStopAndAKill() throws Exception {
        try (KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(0))) {
            broker.start();
            String clusterId = clusterId();
            broker.createTopic(TOPIC, 2);

            try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "before")).get(30, TimeUnit.SECONDS);
                try (KafkaConsumer<String, String> consumer = Clients.groupConsumer(broker, "resumer")) {
                    consumer.subscribe(List.of(TOPIC));
                    assertThat(Clients.poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("before");
                    consumer.commitSync();
                }

                broker.stop();

                assertThat(broker.isRunning()).isFalse();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "lost")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TimeoutException.class);

                broker.start();

                // the same producer recovers once the broker is back, as a service's producer must
                producer.send(new ProducerRecord<>(TOPIC, "k", "after")).get(30, TimeUnit.SECONDS);
            }
            assertThat(clusterId()).as("a restart must not re-format").isEqualTo(clusterId);
            assertThat(Clients.readValues(broker, TOPIC, 2, 2)).containsExactly("before", "after");
            try (KafkaConsumer<String, String> consumer = Clients.groupConsumer(broker, "resumer")) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(Clients.poll(consumer, 1)).extracting(ConsumerRecord::value)
                        .as("the group resumes after its committed offset").containsExactly("after");
            }

            broker.kill();

            assertThat(broker.isRunning()).isFalse();
            broker.start();
            assertThat(Clients.readValues(broker, TOPIC, 2, 2)).containsExactly("before", "after");
        }
    }

    private String clusterId() throws Exception {
        return Files.readAllLines(dir.resolve("kafka-logs/meta.properties")).stream()
                .filter(line -> line.startsWith("cluster.id=")).findFirst().orElseThrow();
    }
}
