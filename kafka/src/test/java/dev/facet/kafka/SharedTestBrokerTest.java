package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class SharedTestBrokerTest {

    @Test
    void getReturnsOneRunningBrokerOnLoopback() {
        KafkaBroker broker = SharedTestBroker.get();

        assertThat(SharedTestBroker.get()).isSameAs(broker);
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.options().port());
    }

    @Test
    void recordsProducedAreConsumedByAGroupWithTheirKeys() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        String topic = "round-trip-" + UUID.randomUUID();
        broker.createTopic(topic, 3);

        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + (i % 4), "value-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaConsumer<String, String> consumer = Clients.groupConsumer(broker, "round-trip")) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = Clients.poll(consumer, 10);
            consumer.commitSync();

            assertThat(records).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4",
                            "value-5", "value-6", "value-7", "value-8", "value-9");
            assertThat(records).filteredOn(r -> r.value().equals("value-5")).extracting(ConsumerRecord::key)
                    .containsExactly("key-1");
            // one key, one partition: what lets ground-truth meet predictions by prediction_id
            Map<String, Set<Integer>> partitionsByKey = records.stream().collect(Collectors.groupingBy(
                    ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
            assertThat(partitionsByKey.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
        }
    }

    @Test
    void createTopicIsIdempotentAndKeepsThePartitionCount() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        String topic = "idempotent-" + UUID.randomUUID();

        broker.createTopic(topic, 4);
        broker.createTopic(topic, 4);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            assertThat(partitions).isEqualTo(4);
        }
    }

    @Test
    void createTopicRefusesAnExistingTopicWithAnotherPartitionCount() {
        KafkaBroker broker = SharedTestBroker.get();
        String topic = "mismatch-" + UUID.randomUUID();
        broker.createTopic(topic, 2);

        assertThatThrownBy(() -> broker.createTopic(topic, 6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists with 2 partitions, not the 6 asked for");
    }

    @Test
    void projectTopicsCanBeCreatedWithTheirContractPartitionCounts() {
        KafkaBroker broker = SharedTestBroker.get();

        Topics.all().forEach(broker::createTopic);
        Topics.all().forEach(broker::createTopic);

        assertThat(Topics.all()).containsEntry("predictions", 6).containsEntry("ground-truth", 6)
                .containsEntry("predictions.dlq", 1).containsEntry("ground-truth.dlq", 1)
                .containsEntry("evaluations", 1);
    }

    @Test
    void theEvaluationHistoryIsKeptLongerThanThePredictions() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        broker.createTopic(Topics.EVALUATIONS, Topics.EVALUATIONS_PARTITIONS);
        broker.createTopic(Topics.PREDICTIONS, Topics.DEFAULT_PARTITIONS);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource evaluations = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVALUATIONS);
            ConfigResource predictions = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PREDICTIONS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(evaluations, predictions))
                    .all().get(30, TimeUnit.SECONDS);
            long kept = Long.parseLong(configs.get(evaluations).get("retention.ms").value());
            long predictionsKept = Long.parseLong(configs.get(predictions).get("retention.ms").value());

            assertThat(kept).isEqualTo(Topics.EVALUATIONS_RETENTION.toMillis()).isGreaterThan(predictionsKept);
        }
    }
}
