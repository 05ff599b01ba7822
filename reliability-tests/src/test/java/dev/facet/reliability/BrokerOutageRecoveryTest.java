package dev.facet.reliability;

import dev.facet.trainer.testing.SmallModel;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.json.Json;
import dev.facet.kafka.BrokerOptions;
import dev.facet.kafka.KafkaBroker;
import dev.facet.service.config.Settings;
import dev.facet.serving.ServingApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker goes away under steady load. Serving keeps answering, says DEGRADED (and stays ready), holds the
 * events in its bounded buffer and delivers every one of them when the broker returns: checked by reading the topic
 * back and matching every served prediction_id. With a tiny buffer, what does not fit is dropped and counted,
 * and exactly the counted rest arrives.
 *
 * <p>This class owns its broker (stopped and started on the same ports and data): nothing else uses it.
 */
class BrokerOutageRecoveryTest {

    /** The issue asks for at least 30 s of outage under load. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static KafkaBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        Path dir = Files.createTempDirectory("facet-outage-broker-");
        broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0).withControllerPort(0));
        broker.start();
        SmallModel.root(); // trained now, before any test starts its clock
    }

    @AfterAll
    static void close() {
        broker.close();
    }

    private static ServingApp serving(String topic, long bufferBytes) throws Exception {
        JsonObject c = Settings.load("serving", "/serving-defaults.json", Map.of())
                .put("http.port", 0).put("http.instances", 1).put("model.dir", SmallModel.root().toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers()).put("kafka.topic.predictions", topic)
                .put("kafka.buffer.max.bytes", bufferBytes).put("kafka.degraded.after.ms", 2000);
        return ServingApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Sends valid /predict requests one after another, about 100 a second, and remembers every answer. */
    private static final class Load implements Runnable {
        final List<String> served = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean running = new AtomicBoolean(true);
        private final Http http;
        private final List<LabelledDiamond> rows = SmallModel.heldOut();

        Load(Http http) {
            this.http = http;
        }

        @Override
        public void run() {
            int i = 0;
            while (running.get()) {
                LabelledDiamond row = rows.get(i++ % rows.size());
                try {
                    HttpResponse<String> r = http.postJson("/predict", Json.MAPPER.writeValueAsString(row.diamond()), null);
                    if (r.statusCode() == 200) {
                        served.add(Json.MAPPER.readTree(r.body()).get("prediction_id").asText());
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // pacing of the load, not synchronisation
            }
        }
    }

    private static String healthStatus(Http http) throws Exception {
        return Json.MAPPER.readTree(http.get("/health").body()).get("status").asText();
    }

    @Test
    void aThirtySecondOutageUnderLoadLosesNoEventWithinTheBuffer() throws Exception {
        String topic = "predictions-outage";
        broker.createTopic(topic, 6);
        ServingApp app = serving(topic, 64L << 20);
        Http http = new Http(app.httpPort());
        Load load = new Load(http);
        Thread loader = new Thread(load, "outage-load");
        try {
            loader.start();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    http.metricOrZero("kafka_publish_events_total", "outcome=\"sent\"") >= 100);
            assertThat(healthStatus(http)).isEqualTo("UP");

            long stoppedAt = System.nanoTime();
            broker.stop();
            int servedAtStop = load.served.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> "DEGRADED".equals(healthStatus(http)));
            // for the rest of the outage: still answering every request, degraded, and ready
            await().during(OUTAGE.minusNanos(System.nanoTime() - stoppedAt)).atMost(OUTAGE.plusSeconds(30))
                    .until(() -> load.failures.isEmpty() && http.get("/health/ready").statusCode() == 200
                            && "DEGRADED".equals(healthStatus(http)));
            int servedDuringOutage = load.served.size() - servedAtStop;
            double bufferedAtRestart = http.metricOrZero("kafka_publish_buffered_events");
            broker.start();
            long outageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            int servedAtRestart = load.served.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.served.size() >= servedAtRestart + 200);
            load.running.set(false);
            loader.join(30_000);

            List<String> served = List.copyOf(load.served);
            assertThat(load.failures).isEmpty();
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    http.metricOrZero("kafka_publish_events_total", "outcome=\"sent\"") == served.size());
            assertThat(http.metricOrZero("kafka_publish_events_total", "outcome=\"dropped\"")).isZero();
            assertThat(http.metricOrZero("kafka_publish_events_total", "outcome=\"failed\"")).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(healthStatus(http)));

            List<String> keys = TopicReader.keys(broker.bootstrapServers(), topic);
            Set<String> delivered = new HashSet<>(keys);
            assertThat(delivered).containsAll(served);
            System.out.printf("outage: %d ms broker down; served %d (%d during the outage, %.0f buffered at restart); "
                            + "topic holds %d records, %d distinct, 0 of the served missing%n", outageMs, served.size(),
                    servedDuringOutage, bufferedAtRestart, keys.size(), delivered.size());
            assertThat(outageMs).isGreaterThanOrEqualTo(OUTAGE.toMillis());
            assertThat(servedDuringOutage).isGreaterThan(0);
            // the idempotent producer retries without writing twice
            assertThat(keys).hasSameSizeAs(delivered);
        } finally {
            load.running.set(false);
            loader.join(30_000);
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void beyondATinyBufferEventsAreDroppedAndCountedAndExactlyTheRestArrives() throws Exception {
        String topic = "predictions-tiny-buffer";
        broker.createTopic(topic, 6);
        ServingApp app = serving(topic, 8192);
        Http http = new Http(app.httpPort());
        try {
            // one event before the outage: the producer knows the topic's metadata, as in steady operation
            String row = Json.MAPPER.writeValueAsString(SmallModel.heldOut().get(0).diamond());
            assertThat(http.postJson("/predict", row, null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.metricOrZero("kafka_publish_events_total", "outcome=\"sent\"") == 1);
            broker.stop();
            Set<String> served = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> r = http.postJson("/predict",
                        Json.MAPPER.writeValueAsString(SmallModel.heldOut().get(i + 1).diamond()), null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                served.add(Json.MAPPER.readTree(r.body()).get("prediction_id").asText());
            }
            double dropped = http.metricOrZero("kafka_publish_events_total", "outcome=\"dropped\"");
            double buffered = http.metricOrZero("kafka_publish_buffered_events");
            assertThat(dropped).isGreaterThan(0);
            assertThat(dropped + buffered).isEqualTo(300);
            broker.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> http.metricOrZero("kafka_publish_buffered_events") == 0);
            double sent = http.metricOrZero("kafka_publish_events_total", "outcome=\"sent\"");
            assertThat(http.metricOrZero("kafka_publish_events_total", "outcome=\"failed\"")).isZero();
            assertThat(sent - 1 + dropped).isEqualTo(300);

            List<String> keys = TopicReader.keys(broker.bootstrapServers(), topic);
            Set<String> arrived = new HashSet<>(keys);
            arrived.retainAll(served);
            System.out.printf("tiny buffer (8192 B): 300 served during the outage, %.0f buffered and delivered, %.0f "
                    + "dropped and counted; topic holds %d of them%n", buffered, dropped, arrived.size());
            assertThat(arrived).hasSize((int) buffered);
            assertThat(keys).hasSize((int) buffered + 1);
        } finally {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

}
