package dev.facet.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ModelBundle;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.TribuoAdapter;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Two models side by side from one repository ({@code <root>/<name>/<version>/}): the diamonds regressor (the
 * default, behind the original routes) and the penguin-species classifier, over real HTTP with a real broker.
 */
class MultiModelTest {

    private static final String DIAMONDS = SmallModel.NAME;
    private static final String PENGUINS = SmallPenguins.NAME;
    private static final int PARTITIONS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaBroker broker;
    private static String topic;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;
    private static ModelSchema penguinSchema;
    private static CompiledForest penguinForest;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("facet-repository-");
        SmallModel.writeVersion(root.resolve(DIAMONDS), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        broker = SharedTestBroker.get();
        topic = "predictions-" + UUID.randomUUID();
        broker.createTopic(topic, PARTITIONS);
        app = TestApps.start(new JsonObject().put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers()).put("kafka.topic.predictions", topic));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
        // the oracle: the bundle's compiled forest read independently of serving
        BundleMetadata meta = BundleMetadata.load(SmallPenguins.dir());
        penguinSchema = meta.schema();
        penguinForest = ModelBundle.loadForest(meta).forest();
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    /** A real Gentoo of the data set, as a request. */
    static JsonObject gentoo() {
        return new JsonObject().put("island", "Biscoe").put("culmen_length_mm", 46.1).put("culmen_depth_mm", 13.2)
                .put("flipper_length_mm", 211.0).put("body_mass_g", 4500.0).put("sex", "FEMALE");
    }

    /** A real Adelie of the data set, as a request. */
    static JsonObject adelie() {
        return new JsonObject().put("island", "Torgersen").put("culmen_length_mm", 39.1).put("culmen_depth_mm", 18.7)
                .put("flipper_length_mm", 181.0).put("body_mass_g", 3750.0).put("sex", "MALE");
    }

    /** The request as the forest's vector (schema order; categories by 1-based position; missing NaN). */
    static double[] vector(JsonObject row) {
        double[] x = new double[penguinSchema.features().size()];
        for (int i = 0; i < x.length; i++) {
            Feature f = penguinSchema.features().get(i);
            Object v = row.getValue(f.name());
            x[i] = v == null ? Double.NaN : f.isNumeric() ? ((Number) v).doubleValue() : f.ordinalOf((String) v);
        }
        return x;
    }

    static List<String> labels() {
        return ((Task.Classification) penguinSchema.task()).labels();
    }

    static void assertProbabilitiesOf(JsonObject answer, JsonObject row) {
        double[] expected = penguinForest.predictProba(vector(row));
        JsonObject p = answer.getJsonObject("probabilities");
        assertThat(List.copyOf(p.fieldNames())).containsExactlyElementsOf(labels());
        for (int k = 0; k < expected.length; k++) {
            assertThat(p.getDouble(labels().get(k))).as(labels().get(k)).isCloseTo(expected[k], within(1e-12));
        }
        assertThat(answer.getString("label")).isEqualTo(labels().get(penguinForest.label(expected)));
    }

    @Test
    void modelsListsBothWithTaskVersionsReadinessAndTheDefault() throws Exception {
        JsonObject body = get("/models").bodyAsJsonObject();
        assertThat(body.getString("default")).isEqualTo(DIAMONDS);
        JsonArray models = body.getJsonArray("models");
        assertThat(models).hasSize(2);
        JsonObject d = models.getJsonObject(0);
        JsonObject p = models.getJsonObject(1);
        assertThat(d.getString("name")).isEqualTo(DIAMONDS);
        assertThat(d.getString("task")).isEqualTo("regression");
        assertThat(d.getBoolean("default")).isTrue();
        assertThat(d.getBoolean("ready")).isTrue();
        assertThat(d.getJsonArray("versions").getList()).containsExactly(SmallModel.VERSION);
        assertThat(p.getString("name")).isEqualTo(PENGUINS);
        assertThat(p.getString("task")).isEqualTo("classification");
        assertThat(p.getBoolean("default")).isFalse();
        assertThat(p.getBoolean("ready")).isTrue();
    }

    @Test
    void aModelCardComesWithItsSchema() throws Exception {
        HttpResponse<Buffer> r = get("/models/" + PENGUINS);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("version")).isEqualTo(SmallPenguins.VERSION);
        assertThat(body.getJsonObject("schema").getJsonObject("task").getJsonArray("labels").getList())
                .containsExactlyElementsOf(labels());
        assertThat(body.getJsonObject("card").getString("name")).isEqualTo(PENGUINS);
    }

    @Test
    void eachModelsExampleRowIsTypicalAndValid() throws Exception {
        for (String name : List.of(DIAMONDS, PENGUINS)) {
            JsonObject described = client.get("/models/" + name).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
            JsonObject example = described.getJsonObject("example");
            List<String> features = described.getJsonObject("schema").getJsonArray("features").stream()
                    .map(f -> ((JsonObject) f).getString("name")).toList();
            assertThat(List.copyOf(example.fieldNames())).as(name).containsExactlyElementsOf(features);
            HttpResponse<Buffer> r = post("/models/" + name + "/predict", example);
            assertThat(r.statusCode()).as(name + ": " + r.bodyAsString()).isEqualTo(200);
        }
        // the most frequent island of the training data (Biscoe: about half the penguins)
        JsonObject penguins = client.get("/models/" + PENGUINS).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject()
                .getJsonObject("example");
        assertThat(penguins.getString("island")).isEqualTo("Biscoe");
    }

    @Test
    void theOriginalRoutesAndTheDiamondsModelsRouteAnswerAlike() throws Exception {
        JsonObject row = TestApps.json(SmallModel.heldOutRows(1).get(0).diamond());
        double tribuo = TribuoAdapter.predict(SmallModel.bundle().model(), SmallModel.heldOutRows(1).get(0).diamond());
        for (String path : List.of("/predict", "/models/" + DIAMONDS + "/predict")) {
            HttpResponse<Buffer> r = post(path, row);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.fieldNames()).as(path).containsExactly("prediction_id", "price", "model_name", "model_version");
            assertThat(body.getDouble("price")).as(path).isCloseTo(tribuo, within(1e-9));
            assertThat(body.getString("model_name")).isEqualTo(DIAMONDS);
        }
    }

    @Test
    void aClassifierAnswersItsLabelAndTheCompiledForestsProbabilities() throws Exception {
        for (JsonObject row : List.of(gentoo(), adelie())) {
            HttpResponse<Buffer> r = post("/models/" + PENGUINS + "/predict", row);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.fieldNames()).containsExactly("prediction_id", "label", "probabilities", "model_name",
                    "model_version");
            assertProbabilitiesOf(body, row);
            assertThat(body.getString("model_name")).isEqualTo(PENGUINS);
        }
        assertThat(post("/models/" + PENGUINS + "/predict", gentoo()).bodyAsJsonObject().getString("label"))
                .isEqualTo("Gentoo");
        assertThat(post("/models/" + PENGUINS + "/predict", adelie()).bodyAsJsonObject().getString("label"))
                .isEqualTo("Adelie");
    }

    @Test
    void aClassifiersBatchAnswersEveryRowInOrder() throws Exception {
        List<JsonObject> rows = List.of(gentoo(), adelie(), gentoo().put("sex", null));
        HttpResponse<Buffer> r = post("/models/" + PENGUINS + "/predict/batch", new JsonArray(List.copyOf(rows)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonArray predictions = r.bodyAsJsonObject().getJsonArray("predictions");
        assertThat(predictions).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertProbabilitiesOf(predictions.getJsonObject(i), rows.get(i));
        }
    }

    @Test
    void aClassifiersExplanationAddsUpPerClass() throws Exception {
        HttpResponse<Buffer> r = post("/models/" + PENGUINS + "/explain", gentoo());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertProbabilitiesOf(body, gentoo());
        JsonObject contributions = body.getJsonObject("contributions");
        JsonObject expected = body.getJsonObject("expected_values");
        assertThat(List.copyOf(contributions.fieldNames())).containsExactlyElementsOf(labels());
        for (String label : labels()) {
            JsonObject perFeature = contributions.getJsonObject(label);
            assertThat(List.copyOf(perFeature.fieldNames())).containsExactlyElementsOf(penguinSchema.names());
            double sum = expected.getDouble(label);
            for (String f : perFeature.fieldNames()) {
                sum += perFeature.getDouble(f);
            }
            assertThat(sum).as(label).isCloseTo(body.getJsonObject("probabilities").getDouble(label), within(1e-6));
        }
    }

    @Test
    void anUnknownModelIsA404NamingTheModelsServed() throws Exception {
        for (HttpResponse<Buffer> r : List.of(post("/models/iris/predict", gentoo()), get("/models/iris"),
                post("/models/iris/predict/batch", new JsonArray().add(gentoo())))) {
            assertThat(r.statusCode()).isEqualTo(404);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.getString("error")).isEqualTo("not_found");
            assertThat(body.getString("message")).contains("iris").contains(DIAMONDS).contains(PENGUINS);
        }
        HttpResponse<Buffer> v2 = get("/v2/models/iris");
        assertThat(v2.statusCode()).isEqualTo(404);
        assertThat(v2.bodyAsJsonObject().getString("error")).contains(DIAMONDS).contains(PENGUINS);
    }

    @Test
    void missingValuesAreAcceptedWhereTheSchemaAllowsThem() throws Exception {
        Feature optional = penguinSchema.features().stream().filter(Feature::missingAllowed).findFirst().orElseThrow();
        JsonObject asNull = gentoo().put(optional.name(), null);
        JsonObject absent = gentoo();
        absent.remove(optional.name());
        for (JsonObject row : List.of(asNull, absent)) {
            HttpResponse<Buffer> r = post("/models/" + PENGUINS + "/predict", row);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            assertProbabilitiesOf(r.bodyAsJsonObject(), asNull); // NaN in the vector, read as Tribuo reads absence
        }
    }

    @Test
    void missingValuesAreRefusedWhereTheSchemaDoesNotAllowThem() throws Exception {
        Feature required = penguinSchema.features().stream().filter(f -> !f.missingAllowed()).findFirst()
                .orElseThrow();
        JsonObject asNull = gentoo().put(required.name(), null);
        JsonObject absent = gentoo();
        absent.remove(required.name());
        for (JsonObject row : List.of(asNull, absent)) {
            HttpResponse<Buffer> r = post("/models/" + PENGUINS + "/predict", row);
            assertThat(r.statusCode()).isEqualTo(400);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.getString("error")).isEqualTo("validation");
            assertThat(body.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo(required.name());
        }
        HttpResponse<Buffer> bad = post("/models/" + PENGUINS + "/predict", gentoo().put("island", "Atlantis")
                .put("body_mass_g", "heavy").put("wings", 2));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
                .containsExactlyInAnyOrder("wings", "island", "body_mass_g");
    }

    @Test
    void v2MetadataListsTheClassifiersInputsAndItsTwoOutputs() throws Exception {
        JsonObject meta = get("/v2/models/" + PENGUINS).bodyAsJsonObject();
        assertThat(meta.getJsonArray("inputs").stream().map(t -> ((JsonObject) t).getString("name")).toList())
                .containsExactlyElementsOf(penguinSchema.names());
        JsonArray outputs = meta.getJsonArray("outputs");
        assertThat(outputs.getJsonObject(0).getString("name")).isEqualTo("label");
        assertThat(outputs.getJsonObject(0).getString("datatype")).isEqualTo("BYTES");
        assertThat(outputs.getJsonObject(1).getString("name")).isEqualTo("probabilities");
        assertThat(outputs.getJsonObject(1).getString("datatype")).isEqualTo("FP64");
        assertThat(outputs.getJsonObject(1).getJsonArray("shape").getList()).containsExactly(-1, labels().size());
        assertThat(get("/v2/models/" + PENGUINS + "/ready").bodyAsJsonObject().getBoolean("ready")).isTrue();
        assertThat(get("/v2/models/" + DIAMONDS).bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0)
                .getString("name")).isEqualTo("price");
    }

    @Test
    void v2InferOfTheClassifierAnswersLabelsAndProbabilities() throws Exception {
        List<JsonObject> rows = List.of(gentoo(), adelie());
        JsonArray inputs = new JsonArray();
        for (Feature f : penguinSchema.features()) {
            JsonArray data = new JsonArray();
            rows.forEach(r -> data.add(r.getValue(f.name())));
            inputs.add(new JsonObject().put("name", f.name()).put("shape", new JsonArray().add(rows.size()))
                    .put("datatype", f.isNumeric() ? "FP64" : "BYTES").put("data", data));
        }
        HttpResponse<Buffer> r = post("/v2/models/" + PENGUINS + "/infer", new JsonObject().put("id", "q1")
                .put("inputs", inputs));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("id")).isEqualTo("q1");
        JsonObject label = body.getJsonArray("outputs").getJsonObject(0);
        JsonObject proba = body.getJsonArray("outputs").getJsonObject(1);
        assertThat(label.getString("name")).isEqualTo("label");
        assertThat(label.getJsonArray("data").getList()).containsExactly("Gentoo", "Adelie");
        assertThat(proba.getString("name")).isEqualTo("probabilities");
        int k = labels().size();
        assertThat(proba.getJsonArray("shape").getList()).containsExactly(rows.size(), k);
        JsonArray data = proba.getJsonArray("data");
        for (int i = 0; i < rows.size(); i++) {
            double[] expected = penguinForest.predictProba(vector(rows.get(i)));
            for (int c = 0; c < k; c++) {
                assertThat(data.getDouble(i * k + c)).isCloseTo(expected[c], within(1e-12));
            }
        }
    }

    @Test
    void theRepositoryIndexListsEveryModelReady() throws Exception {
        HttpResponse<Buffer> r = client.post("/v2/repository/index").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}")).await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonArray index = r.bodyAsJsonArray();
        assertThat(index.stream().map(e -> ((JsonObject) e).getString("name")).toList()).containsExactly(DIAMONDS, PENGUINS);
        assertThat(index.stream().map(e -> ((JsonObject) e).getString("state")).toList()).containsOnly("READY");
        assertThat(get("/v2").bodyAsJsonObject().getJsonArray("extensions").getList()).contains("model_repository");
    }

    @Test
    void aClassifiersEventIsVersion2AndValidatesAgainstItsSchema() throws Exception {
        JsonObject row = gentoo().put("sex", null);
        JsonObject answer = post("/models/" + PENGUINS + "/predict", row).bodyAsJsonObject();
        String id = answer.getString("prediction_id");
        String dId = post("/predict", TestApps.valid()).bodyAsJsonObject().getString("prediction_id");
        Map<String, ConsumerRecord<String, byte[]>> events = readUntil(Set.of(id, dId));

        byte[] value = events.get(id).value();
        JsonNode schema;
        try (InputStream in = MultiModelTest.class.getResourceAsStream("/schemas/prediction-event.v2.schema.json")) {
            schema = JSON.readTree(in);
        }
        assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema)
                .validate(JSON.readTree(value))).isEmpty();
        ModelPredictionEvent e = EventCodec.decodeModelPrediction(value);
        assertThat(e.predictionId()).isEqualTo(id);
        assertThat(e.modelName()).isEqualTo(PENGUINS);
        assertThat(e.modelVersion()).isEqualTo(SmallPenguins.VERSION);
        assertThat(e.task()).isEqualTo("classification");
        assertThat(e.label()).isEqualTo(answer.getString("label"));
        assertThat(e.features()).containsEntry("island", "Biscoe").containsEntry("sex", null)
                .containsEntry("culmen_length_mm", 46.1);
        for (String label : labels()) {
            assertThat(e.probabilities().get(label)).isEqualTo(answer.getJsonObject("probabilities").getDouble(label));
        }
        // the monitors' version 1 reader refuses it as an unknown version, never with anything else
        assertThatThrownBy(() -> EventCodec.decodePrediction(value)).isInstanceOf(EventFormatException.class);

        // and the diamonds' events stay version 1
        PredictionEvent v1 = EventCodec.decodePrediction(events.get(dId).value());
        assertThat(v1.schemaVersion()).isEqualTo(1);
        assertThat(v1.modelName()).isEqualTo(DIAMONDS);
    }

    @Test
    void hostileBodiesForTheClassifierAreClientErrorsNamingTheField() throws Exception {
        String big = "9".repeat(400);
        List<String> bodies = List.of("", "null", "[]", "{}", "{\"island\":", "\"Biscoe\"", "[[[[[[]]]]]]",
                "{\"island\":{\"a\":1},\"body_mass_g\":" + big + "}",
                "{\"island\":\"Biscoe\",\"body_mass_g\":1e999,\"culmen_length_mm\":-0.0}",
                "{\"" + "k".repeat(5000) + "\":1}", "{\"island\":[\"Biscoe\"],\"sex\":true}");
        for (String path : List.of("/models/" + PENGUINS + "/predict", "/models/" + PENGUINS + "/explain",
                "/models/" + PENGUINS + "/predict/batch", "/v2/models/" + PENGUINS + "/infer")) {
            for (String body : bodies) {
                HttpResponse<Buffer> r = client.post(path).putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(body)).await(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(path + " " + body.substring(0, Math.min(80, body.length())))
                        .isBetween(400, 499);
                assertThat(r.bodyAsJsonObject().getString("error")).isNotBlank();
            }
        }
    }

    @Test
    void v2InferMayLeaveOutATensorTheSchemaLetsBeMissingButNoOther() throws Exception {
        Feature optional = penguinSchema.features().stream().filter(Feature::missingAllowed).findFirst().orElseThrow();
        Feature required = penguinSchema.features().stream().filter(f -> !f.missingAllowed()).findFirst().orElseThrow();
        JsonObject row = gentoo();
        for (Feature left : List.of(optional, required)) {
            JsonArray inputs = new JsonArray();
            for (Feature f : penguinSchema.features()) {
                if (f != left) {
                    inputs.add(new JsonObject().put("name", f.name()).put("shape", new JsonArray().add(1))
                            .put("datatype", f.isNumeric() ? "FP64" : "BYTES")
                            .put("data", new JsonArray().add(row.getValue(f.name()))));
                }
            }
            HttpResponse<Buffer> r = post("/v2/models/" + PENGUINS + "/infer", new JsonObject().put("inputs", inputs));
            if (left == optional) {
                assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                double[] expected = penguinForest.predictProba(vector(gentoo().put(optional.name(), null)));
                JsonArray data = r.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(1).getJsonArray("data");
                for (int c = 0; c < expected.length; c++) {
                    assertThat(data.getDouble(c)).isCloseTo(expected[c], within(1e-12));
                }
            } else {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("error")).contains(required.name());
            }
        }
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return client.get(path).send().await(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> post(String path, Object json) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(Json.encode(json))).await(30, TimeUnit.SECONDS);
    }

    /** Reads the topic from the beginning until every id in {@code ids} is seen. */
    private static Map<String, ConsumerRecord<String, byte[]>> readUntil(Set<String> ids) {
        return PublishedEvents.readUntil(broker.bootstrapServers(), topic, PARTITIONS, ids);
    }
}
