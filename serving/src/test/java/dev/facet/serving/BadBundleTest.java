package dev.facet.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bundles that must not be served, added to a running repository or present at start: each is refused with a
 * message naming the file and the problem, and is never half-loaded (not listed, not answering, nothing else
 * disturbed).
 */
class BadBundleTest {

    private static final String TOKEN = "bad-bundle-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private ServingApp app;
    private Vertx vertx;
    private WebClient client;

    @AfterEach
    void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    private void start(Path root) throws Exception {
        app = TestApps.start(new JsonObject().put("model.dir", root.toString()).put("kafka.enabled", false)
                .put("admin.token", TOKEN));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    private static Path repository(Path tmp) throws Exception {
        Path root = tmp.resolve("models");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        return root;
    }

    /** The penguins' bundle copied as model {@code name}, its schema.json edited and its checksum made to match. */
    private static Path penguinsWithSchema(Path root, String name, Consumer<ObjectNode> edit) throws Exception {
        Path copied = SmallPenguins.copyInto(Files.createTempDirectory("facet-staging-"));
        Path dir = root.resolve(name).resolve(SmallPenguins.VERSION);
        Files.createDirectories(dir.getParent());
        Files.move(copied, dir);
        Path schema = dir.resolve(BundleFiles.SCHEMA);
        ObjectNode json = (ObjectNode) JSON.readTree(schema.toFile());
        edit.accept(json);
        Files.writeString(schema, json.toPrettyString());
        Path manifest = dir.resolve(BundleFiles.MANIFEST);
        ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
        ((ObjectNode) m.get("files")).put(BundleFiles.SCHEMA, BundleMetadata.sha256(schema));
        Files.writeString(manifest, m.toPrettyString());
        return dir;
    }

    private static void renameFirstFeature(ObjectNode schema) {
        ((ObjectNode) schema.withArray("features").get(1)).put("name", "bill_length_mm");
    }

    @Test
    void aSchemaNamingAFeatureTheModelWasNotTrainedOnIsRefusedOnReload(@TempDir Path tmp) throws Exception {
        Path root = repository(tmp);
        start(root);
        Path dir = penguinsWithSchema(root, "renamed", BadBundleTest::renameFirstFeature);
        assertRefused("renamed", dir.resolve(BundleFiles.SCHEMA).toString(), "bill_length_mm (numeric)");
    }

    @Test
    void aSchemaOfAnotherTaskThanTheForestsIsRefusedOnReload(@TempDir Path tmp) throws Exception {
        Path root = repository(tmp);
        start(root);
        Path dir = penguinsWithSchema(root, "retasked", s -> s.set("task", JSON.createObjectNode()
                .put("type", "regression").put("target", "species").put("unit", "g")));
        assertRefused("retasked", dir.resolve(BundleFiles.SCHEMA).toString(),
                "declares a regression but forest.bin holds a classifier");
    }

    @Test
    void aSchemaFileOfAnUnknownVersionIsRefusedOnReload(@TempDir Path tmp) throws Exception {
        Path root = repository(tmp);
        start(root);
        Path dir = penguinsWithSchema(root, "future", s -> s.put("schema_version", 9));
        assertRefused("future", dir.resolve(BundleFiles.SCHEMA).toString(), "schema_version 9 is not supported");
    }

    @Test
    void aRepositoryEntryThatIsNotABundleIsNotAddedByAReload(@TempDir Path tmp) throws Exception {
        Path root = repository(tmp);
        start(root);
        Files.createDirectories(root.resolve("notes").resolve("1"));
        Files.writeString(root.resolve("notes").resolve("1").resolve("readme.txt"), "not a model");
        HttpResponse<Buffer> r = reload("notes");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("message")).contains("notes").contains(root.toAbsolutePath().toString());
        assertNotServed("notes");
    }

    @Test
    void aBadSchemaInTheRepositoryRefusesTheStartNamingTheFile(@TempDir Path tmp) throws Exception {
        Path root = repository(tmp);
        Path dir = penguinsWithSchema(root, "renamed", BadBundleTest::renameFirstFeature);
        assertThatThrownBy(() -> start(root)).hasMessageContaining(dir.resolve(BundleFiles.SCHEMA).toString())
                .hasMessageContaining("bill_length_mm");
    }

    private void assertRefused(String name, String file, String problem) throws Exception {
        HttpResponse<Buffer> r = reload(name);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo("conflict");
        assertThat(body.getString("message")).contains(file).contains(problem);
        assertNotServed(name);
    }

    /** Neither listed nor answering, and the model that was served still is. */
    private void assertNotServed(String name) throws Exception {
        List<Object> names = client.get("/models").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject()
                .getJsonArray("models").stream().map(m -> ((JsonObject) m).getValue("name")).toList();
        assertThat(names).containsExactly(SmallModel.NAME);
        HttpResponse<Buffer> p = post("/models/" + name + "/predict", MultiModelTest.gentoo());
        assertThat(p.statusCode()).as(p.bodyAsString()).isEqualTo(404);
        assertThat(post("/predict", TestApps.valid()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<Buffer> reload(String name) throws Exception {
        return client.post("/admin/reload").putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(new JsonObject().put("model", name).toBuffer()).await(60, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String path, JsonObject json) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(json.toBuffer())
                .await(30, TimeUnit.SECONDS);
    }
}
