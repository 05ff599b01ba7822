package dev.facet.serving;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.TribuoAdapter;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The prediction endpoints against a real broker: responses, their events on the topic, and V2 parity. */
@ExtendWith(VertxExtension.class)
class PredictionStreamTest {

    private static final int PARTITIONS = 3;
    private static KafkaBroker broker;
    private static String topic;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = SharedTestBroker.get();
        topic = "predictions-" + UUID.randomUUID();
        broker.createTopic(topic, PARTITIONS);
        app = TestApps.start(new JsonObject().put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void predictionIsPublishedWithTheSameIdPriceAndFeaturesAsTheResponse() throws Exception {
        LabelledDiamond row = SmallModel.heldOutRows(1).get(0);
        Instant before = Instant.now();
        HttpResponse<Buffer> r = post("/predict", TestApps.json(row.diamond()));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        String id = body.getString("prediction_id");
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(body.getString("model_name")).isEqualTo(SmallModel.NAME);
        assertThat(body.getString("model_version")).isEqualTo(SmallModel.VERSION);
        // the oracle: Tribuo's own prediction with the bundle's model, not the compiled fast path
        assertThat(body.getDouble("price"))
                .isCloseTo(TribuoAdapter.predict(SmallModel.bundle().model(), row.diamond()), within(1e-9));

        Map<String, ConsumerRecord<String, byte[]>> events = readUntil(Set.of(id));
        ConsumerRecord<String, byte[]> record = events.get(id);
        assertThat(record.key()).isEqualTo(id);
        PredictionEvent e = EventCodec.decodePrediction(record.value());
        assertThat(e.predictionId()).isEqualTo(id);
        assertThat(e.price()).isEqualTo(body.getDouble("price"));
        assertThat(e.features()).isEqualTo(row.diamond());
        assertThat(e.modelName()).isEqualTo(SmallModel.NAME);
        assertThat(e.modelVersion()).isEqualTo(SmallModel.VERSION);
        assertThat(e.timestamp()).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void batchAnswersInRequestOrderAndPublishesEveryRow() throws Exception {
        // 150 rows: over the inline threshold, so this takes the worker path
        List<LabelledDiamond> rows = SmallModel.heldOutRows(150);
        JsonArray batch = new JsonArray(rows.stream().map(x -> (Object) TestApps.json(x.diamond())).toList());
        HttpResponse<Buffer> r = post("/predict/batch", batch);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray predictions = r.bodyAsJsonObject().getJsonArray("predictions");
        assertThat(predictions).hasSize(rows.size());
        Map<String, Double> priceById = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject p = predictions.getJsonObject(i);
            assertThat(p.getDouble("price")).as("row %d", i)
                    .isCloseTo(TribuoAdapter.predict(SmallModel.bundle().model(), rows.get(i).diamond()), within(1e-9));
            priceById.put(p.getString("prediction_id"), p.getDouble("price"));
        }
        assertThat(priceById).hasSize(rows.size());

        Map<String, ConsumerRecord<String, byte[]>> events = readUntil(priceById.keySet());
        for (Map.Entry<String, Double> p : priceById.entrySet()) {
            assertThat(EventCodec.decodePrediction(events.get(p.getKey()).value()).price()).isEqualTo(p.getValue());
        }
    }

    @Test
    void v2InferGivesTheSamePricesAsPredictInTheSameOrder() throws Exception {
        List<LabelledDiamond> rows = SmallModel.heldOutRows(5);
        JsonArray inputs = new JsonArray();
        for (String f : dev.facet.contracts.schema.DiamondSchema.names()) {
            boolean numeric = dev.facet.contracts.schema.DiamondSchema.feature(f).isNumeric();
            JsonArray data = new JsonArray(rows.stream().map(x -> TestApps.json(x.diamond()).getValue(f)).toList());
            inputs.add(new JsonObject().put("name", f).put("datatype", numeric ? "FP64" : "BYTES")
                    .put("shape", new JsonArray().add(rows.size())).put("data", data));
        }
        HttpResponse<Buffer> r = post("/v2/models/" + SmallModel.NAME + "/infer",
                new JsonObject().put("id", "req-7").put("inputs", inputs));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("id")).isEqualTo("req-7");
        JsonObject out = body.getJsonArray("outputs").getJsonObject(0);
        assertThat(out.getString("name")).isEqualTo("price");
        assertThat(out.getString("datatype")).isEqualTo("FP64");
        assertThat(out.getJsonArray("shape")).containsExactly(rows.size());
        List<String> ids = body.getJsonObject("parameters").getJsonArray("prediction_ids").getList();
        for (int i = 0; i < rows.size(); i++) {
            HttpResponse<Buffer> single = post("/predict", TestApps.json(rows.get(i).diamond()));
            assertThat(out.getJsonArray("data").getDouble(i)).isEqualTo(single.bodyAsJsonObject().getDouble("price"));
        }
        assertThat(readUntil(Set.copyOf(ids))).containsKeys(ids.toArray(String[]::new));
    }

    @Test
    void concurrentRequestsAreAllServed(VertxTestContext ctx) {
        int n = 64;
        Checkpoint served = ctx.checkpoint(n);
        List<LabelledDiamond> rows = SmallModel.heldOutRows(n);
        IntStream.range(0, n).forEach(i -> client.post("/predict").sendJsonObject(TestApps.json(rows.get(i).diamond()))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    served.flag();
                }))));
    }

    private static HttpResponse<Buffer> post(String path, Object json) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(io.vertx.core.json.Json.encode(json))).await(30, TimeUnit.SECONDS);
    }

    /** Reads the topic from the beginning until every id in {@code ids} is seen. */
    private static Map<String, ConsumerRecord<String, byte[]>> readUntil(Set<String> ids) {
        return PublishedEvents.readUntil(broker.bootstrapServers(), topic, PARTITIONS, ids);
    }
}
