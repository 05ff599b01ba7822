package dev.facet.service.kafka;

import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.http.Health;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The publisher against the real broker, and against no broker at all. */
class EventPublisherTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyPublishedEventArrivesOnceKeyedAsGiven() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        String topic = "publisher-" + UUID.randomUUID();
        broker.createTopic(topic, 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(vertx, registry, broker.bootstrapServers(), topic, 1 << 20, Map.of());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = UUID.randomUUID().toString();
            keys.add(key);
            assertThat(publisher.publish(key, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8))).isTrue();
        }
        publisher.flush().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(registry.get("kafka.publish.events").tag("outcome", "sent").counter().count()).isEqualTo(1000);
        assertThat(publisher.bufferedEvents()).isZero();
        assertThat(publisher.health(Duration.ofSeconds(5)).status()).isEqualTo(Health.Status.UP);

        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "group.id", "t-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(seen.add(r.key())).as("duplicate " + r.key()).isTrue();
                }
                return seen.size() == 1000;
            });
        }
        assertThat(seen).isEqualTo(keys);
        publisher.close(Duration.ofSeconds(5)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void withoutABrokerPublishingNeverBlocksBuffersUpToTheBoundAndCountsDrops() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        byte[] event = new byte[100];
        long bound = 10 * (event.length + 36);
        EventPublisher publisher = new EventPublisher(vertx, registry, "127.0.0.1:" + closedPort, "nowhere", bound, Map.of());
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (publisher.publish(UUID.randomUUID().toString(), event)) {
                accepted++;
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("publish is a queue append, even with no broker").isLessThan(2_000);
        assertThat(accepted).isEqualTo(10);
        // over half the bound, but nothing was ever acknowledged: an outage, not a slow broker, so no waiting
        assertThat(publisher.awaitCapacity(Duration.ofSeconds(30))).isZero();
        assertThat(registry.get("kafka.publish.events").tag("outcome", "dropped").counter().count()).isEqualTo(40);
        assertThat(publisher.bufferedEvents()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                publisher.health(Duration.ofMillis(500)).status() == Health.Status.DEGRADED);

        long closing = System.nanoTime();
        publisher.close(Duration.ofSeconds(1)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - closing) / 1_000_000).as("close honours its timeout").isLessThan(10_000);
        assertThat(publisher.publish("late", event)).isFalse();
    }

    /**
     * 16 MB of 1 KiB events as fast as a thread can hand them over, through a 256 KiB bound: without waiting, the
     * bound fills before the broker acknowledges and events are dropped; a producer that awaits capacity before
     * every 32 events loses none, and says it waited.
     */
    @Test
    void aWorkerThatAwaitsCapacityBeforeHandingOverLosesNothingToALiveBroker() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        long bound = 256 * 1024;
        byte[] event = new byte[1024];
        int events = 16 * 1024;

        String eager = "publisher-eager-" + UUID.randomUUID();
        broker.createTopic(eager, 3);
        SimpleMeterRegistry eagerRegistry = new SimpleMeterRegistry();
        EventPublisher withoutWaiting = new EventPublisher(vertx, eagerRegistry, broker.bootstrapServers(), eager, bound, Map.of());
        acknowledged(withoutWaiting);
        for (int i = 0; i < events; i++) {
            withoutWaiting.publish(Integer.toString(i), event);
        }
        withoutWaiting.flush().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(eagerRegistry.get("kafka.publish.events").tag("outcome", "dropped").counter().count())
                .as("the control: a producer that does not wait outruns the broker").isPositive();
        withoutWaiting.close(Duration.ofSeconds(5)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        String patient = "publisher-patient-" + UUID.randomUUID();
        broker.createTopic(patient, 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(vertx, registry, broker.bootstrapServers(), patient, bound, Map.of());
        acknowledged(publisher);
        long waited = 0;
        for (int i = 0; i < events; i++) {
            if (i % 32 == 0) {
                waited += publisher.awaitCapacity(Duration.ofSeconds(30));
            }
            assertThat(publisher.publish(Integer.toString(i), event)).as("event " + i + " accepted").isTrue();
        }
        publisher.flush().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(registry.get("kafka.publish.events").tag("outcome", "dropped").counter().count()).isZero();
        assertThat(registry.get("kafka.publish.events").tag("outcome", "sent").counter().count()).isEqualTo(events + 1);
        assertThat(waited).as("it did have to wait").isPositive();
        assertThat(registry.get("kafka.publish.wait").counter().count()).isEqualTo(waited / 1e9, org.assertj.core.data.Offset.offset(1e-6));
        publisher.close(Duration.ofSeconds(5)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void awaitingCapacityOnAnEventLoopIsRefused() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(vertx, registry, SharedTestBroker.get().bootstrapServers(),
                "publisher-loop-" + UUID.randomUUID(), 1 << 20, Map.of());
        Throwable refused = vertx.getOrCreateContext().<Void>executeBlocking(() -> null).transform(x -> {
            try {
                publisher.awaitCapacity(Duration.ofSeconds(1));
                return io.vertx.core.Future.<Throwable>succeededFuture(null);
            } catch (IllegalStateException e) {
                return io.vertx.core.Future.succeededFuture(e);
            }
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(refused).isInstanceOf(IllegalStateException.class).hasMessageContaining("event loop");
        publisher.close(Duration.ofSeconds(5)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One event through and acknowledged: the broker is known to be alive. */
    private static void acknowledged(EventPublisher publisher) throws Exception {
        assertThat(publisher.publish("first", new byte[1])).isTrue();
        publisher.flush().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(publisher.bufferedEvents()).as("flushed: acknowledged, not merely taken off the queue").isZero();
    }
}
