package dev.facet.serving;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.TrainCommand;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20's "bring your own, proven": a CSV whose columns no code here has seen (a greenhouse's harvest; one zone's
 * name holds a comma, so it is quoted) is trained by the train command, in-process as a user would run it, into the
 * repository of a running serving, and one reload later, with no code change, the model is served, its V2 metadata
 * lists its inputs, its events reach the real broker, and bad input for it gets 400s naming its fields.
 */
class BringYourOwnModelTest {

    private static final String TOKEN = "byo-test-token";
    private static final String NAME = "greenhouse";
    private static final List<String> ZONES = List.of("North, upper", "South", "East");
    private static final List<String> SUBSTRATES = List.of("peat", "coir", "rockwool");
    private static final int PARTITIONS = 2;

    private ServingApp app;
    private Vertx vertx;
    private WebClient client;

    @AfterEach
    void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    /**
     * 400 rows: the yield rises with light and moisture, differs by zone and substrate, plus noise; a few lamp hours
     * are missing (an empty cell), so the inferred schema lets that feature be missing.
     */
    private static Path greenhouseCsv(Path dir) throws Exception {
        Random random = new Random(20);
        StringBuilder csv = new StringBuilder("zone,substrate,lamp_hours,soil_moisture_pct,yield_kg\n");
        for (int i = 0; i < 400; i++) {
            int zone = random.nextInt(ZONES.size());
            int substrate = random.nextInt(SUBSTRATES.size());
            double lamp = 4 + random.nextDouble() * 12;
            double moisture = 20 + random.nextDouble() * 50;
            double yield = 2 + 0.6 * lamp + 0.08 * moisture + 1.5 * zone - 0.7 * substrate + random.nextGaussian() * 0.3;
            String name = ZONES.get(zone);
            csv.append(name.contains(",") ? "\"" + name + "\"" : name).append(',').append(SUBSTRATES.get(substrate))
                    .append(',').append(i % 40 == 7 ? "" : String.format(Locale.ROOT, "%.2f", lamp))
                    .append(',').append(String.format(Locale.ROOT, "%.1f", moisture))
                    .append(',').append(String.format(Locale.ROOT, "%.3f", yield)).append('\n');
        }
        Path file = dir.resolve("greenhouse.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private static JsonObject row() {
        return new JsonObject().put("zone", "North, upper").put("substrate", "coir").put("lamp_hours", 10.5)
                .put("soil_moisture_pct", 44.0);
    }

    @Test
    void aModelTrainedFromUnseenColumnsIsServedPublishedAndValidatedAfterOneReload(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("models");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        KafkaBroker broker = SharedTestBroker.get();
        String topic = "predictions-byo-" + UUID.randomUUID();
        broker.createTopic(topic, PARTITIONS);
        app = TestApps.start(new JsonObject().put("model.dir", root.toString()).put("admin.token", TOKEN)
                .put("kafka.bootstrap.servers", broker.bootstrapServers()).put("kafka.topic.predictions", topic));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
        assertThat(post("/models/" + NAME + "/predict", row()).statusCode()).isEqualTo(404);

        // train as a user would: the CLI, into the served repository
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("--data", greenhouseCsv(tmp).toString(), "--target", "yield_kg",
                "--task", "regression", "--name", NAME, "--models", root.toString(), "--trees", "10",
                "--max-depth", "6", "--seed", "7");
        assertThat(status).as(err.toString()).isZero();
        ModelSchema schema = BundleMetadata.load(root.resolve(NAME).resolve("1")).schema();
        assertThat(schema.feature("zone").orElseThrow().categories()).contains("North, upper");

        HttpResponse<Buffer> reload = client.post("/admin/reload").putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(new JsonObject().put("model", NAME).toBuffer()).await(60, TimeUnit.SECONDS);
        assertThat(reload.statusCode()).as(reload.bodyAsString()).isEqualTo(200);

        // served, answering its target by name
        HttpResponse<Buffer> answer = post("/models/" + NAME + "/predict", row());
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
        JsonObject body = answer.bodyAsJsonObject();
        assertThat(body.getDouble("yield_kg")).isBetween(2.0, 20.0);
        assertThat(body.getString("model_name")).isEqualTo(NAME);
        HttpResponse<Buffer> batch = post("/models/" + NAME + "/predict/batch",
                new JsonArray().add(row()).add(row().put("lamp_hours", null)));
        assertThat(batch.statusCode()).as(batch.bodyAsString()).isEqualTo(200);

        // V2 metadata lists its inputs, the CSV's columns but the target
        JsonObject meta = client.get("/v2/models/" + NAME).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
        List<String> inputs = new ArrayList<>();
        meta.getJsonArray("inputs").forEach(t -> inputs.add(((JsonObject) t).getString("name")));
        assertThat(inputs).containsExactlyInAnyOrder("zone", "substrate", "lamp_hours", "soil_moisture_pct");
        assertThat(meta.getJsonArray("outputs").getJsonObject(0).getString("name")).isEqualTo("yield_kg");

        // its event reached the broker, keyed by the prediction's id
        String id = body.getString("prediction_id");
        Map<String, ConsumerRecord<String, byte[]>> events = PublishedEvents.readUntil(broker.bootstrapServers(),
                topic, PARTITIONS, Set.of(id));
        ModelPredictionEvent e = EventCodec.decodeModelPrediction(events.get(id).value());
        assertThat(e.modelName()).isEqualTo(NAME);
        assertThat(e.task()).isEqualTo(ModelPredictionEvent.REGRESSION);
        assertThat(e.prediction()).isEqualTo(body.getDouble("yield_kg"));
        assertThat(e.features()).containsEntry("zone", "North, upper").containsEntry("soil_moisture_pct", 44.0);

        // bad input: 400s naming its own fields
        assertRefused(row().put("soil_moisture_pct", "wet"), "soil_moisture_pct");
        assertRefused(row().put("zone", "West"), "zone");
        JsonObject without = row();
        without.remove("substrate");
        assertRefused(without, "substrate");
        HttpResponse<Buffer> badBatch = post("/models/" + NAME + "/predict/batch",
                new JsonArray().add(row()).add(row().put("zone", 3)));
        assertThat(badBatch.statusCode()).isEqualTo(400);
        assertThat(fields(badBatch.bodyAsJsonObject())).containsExactly("[1].zone");
    }

    private void assertRefused(JsonObject row, String field) throws Exception {
        HttpResponse<Buffer> r = post("/models/" + NAME + "/predict", row);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("validation");
        assertThat(fields(r.bodyAsJsonObject())).containsExactly(field);
    }

    private static List<String> fields(JsonObject error) {
        List<String> out = new ArrayList<>();
        error.getJsonArray("details").forEach(d -> out.add(((JsonObject) d).getString("field")));
        return out;
    }

    private HttpResponse<Buffer> post(String path, Object json) throws Exception {
        String text = json instanceof JsonObject o ? o.encode() : ((JsonArray) json).encode();
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text))
                .await(30, TimeUnit.SECONDS);
    }
}
