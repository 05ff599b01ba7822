package dev.facet.serving;

import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repository's layouts and settings, and a model added while serving, each with its own app. */
class RepositoryReloadTest {

    private static final String TOKEN = "repository-test-token";
    private ServingApp app;
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    private void start(JsonObject config) throws Exception {
        app = TestApps.start(config.put("kafka.enabled", false).put("admin.token", TOKEN));
        client = TestApps.client(vertx, app);
    }

    private static Path repositoryWith(boolean penguins) throws Exception {
        Path root = Files.createTempDirectory("facet-repository-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        if (penguins) {
            SmallPenguins.copyInto(root);
        }
        return root;
    }

    @Test
    void aModelAddedToTheRepositoryIsServedAfterAReloadNamingIt() throws Exception {
        Path root = repositoryWith(false);
        start(new JsonObject().put("model.dir", root.toString()));
        assertThat(post("/models/penguins/predict", MultiModelTest.gentoo()).statusCode()).isEqualTo(404);
        assertThat(names()).containsExactly(SmallModel.NAME);

        SmallPenguins.copyInto(root);
        HttpResponse<Buffer> reload = admin("/admin/reload", new JsonObject().put("model", "penguins"));
        assertThat(reload.statusCode()).as(reload.bodyAsString()).isEqualTo(200);
        assertThat(reload.bodyAsJsonObject().getString("model_name")).isEqualTo("penguins");
        assertThat(reload.bodyAsJsonObject().getValue("previous")).isNull();

        HttpResponse<Buffer> p = post("/models/penguins/predict", MultiModelTest.gentoo());
        assertThat(p.statusCode()).as(p.bodyAsString()).isEqualTo(200);
        assertThat(p.bodyAsJsonObject().getString("label")).isEqualTo("Gentoo");
        assertThat(names()).containsExactly(SmallModel.NAME, "penguins");
        // the default did not change, and the per-model form reloads one model by its path
        assertThat(post("/predict", TestApps.valid()).bodyAsJsonObject().getString("model_name"))
                .isEqualTo(SmallModel.NAME);
        HttpResponse<Buffer> again = admin("/admin/models/penguins/reload", null);
        assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
        assertThat(again.bodyAsJsonObject().getJsonObject("previous").getString("model_name")).isEqualTo("penguins");
    }

    @Test
    void reloadingAModelThatIsNotInTheRepositoryIsA404NamingTheModels() throws Exception {
        start(new JsonObject().put("model.dir", repositoryWith(false).toString()));
        HttpResponse<Buffer> r = admin("/admin/reload", new JsonObject().put("model", "iris"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("message")).contains("iris").contains(SmallModel.NAME);
        assertThat(names()).containsExactly(SmallModel.NAME);
    }

    @Test
    void theOldLayoutIsOneModelNamedByItsManifest() throws Exception {
        start(new JsonObject().put("model.dir", SmallModel.root().toString())); // <root>/1/bundle.json
        JsonObject models = get("/models").bodyAsJsonObject();
        assertThat(models.getString("default")).isEqualTo(SmallModel.NAME);
        assertThat(names()).containsExactly(SmallModel.NAME);
        assertThat(models.getJsonArray("models").getJsonObject(0).getJsonArray("versions").getList())
                .containsExactly(SmallModel.VERSION);
        assertThat(post("/models/" + SmallModel.NAME + "/predict", TestApps.valid()).statusCode()).isEqualTo(200);
        assertThat(post("/predict", TestApps.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void defaultModelPutsTheClassifierBehindTheOriginalRoutes() throws Exception {
        start(new JsonObject().put("model.dir", repositoryWith(true).toString()).put("default.model", "penguins"));
        assertThat(get("/models").bodyAsJsonObject().getString("default")).isEqualTo("penguins");
        HttpResponse<Buffer> r = post("/predict", MultiModelTest.gentoo());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("label")).isEqualTo("Gentoo");
        HttpResponse<Buffer> batch = post("/predict/batch", new JsonArray().add(MultiModelTest.adelie()));
        assertThat(batch.statusCode()).as(batch.bodyAsString()).isEqualTo(200);
        assertThat(batch.bodyAsJsonObject().getJsonArray("predictions").getJsonObject(0).getString("label"))
                .isEqualTo("Adelie");
        // the diamonds model is still served by name
        assertThat(post("/models/" + SmallModel.NAME + "/predict", TestApps.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void modelsServesOnlyTheModelsItNames() throws Exception {
        start(new JsonObject().put("model.dir", repositoryWith(true).toString()).put("models", SmallModel.NAME));
        assertThat(names()).containsExactly(SmallModel.NAME);
        assertThat(post("/models/penguins/predict", MultiModelTest.gentoo()).statusCode()).isEqualTo(404);
    }

    @Test
    void aDefaultModelThatIsNotServedRefusesTheStart() throws Exception {
        Path root = repositoryWith(false);
        assertThatThrownBy(() -> start(new JsonObject().put("model.dir", root.toString())
                .put("default.model", "penguins"))).hasMessageContaining("default.model 'penguins'");
    }

    @Test
    void aRepositoryEntryThatIsNotABundleRefusesTheStartNamingIt() throws Exception {
        Path root = repositoryWith(false);
        Files.createDirectories(root.resolve("notes").resolve("1"));
        assertThatThrownBy(() -> start(new JsonObject().put("model.dir", root.toString())))
                .hasMessageContaining(root.resolve("notes").toString()).hasMessageContaining("holds no bundle");
    }

    private List<Object> names() throws Exception {
        return get("/models").bodyAsJsonObject().getJsonArray("models").stream()
                .map(m -> ((JsonObject) m).getValue("name")).toList();
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return client.get(path).send().await(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String path, Object json) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(Json.encode(json))).await(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> admin(String path, JsonObject body) throws Exception {
        var req = client.post(path).putHeader("Authorization", "Bearer " + TOKEN);
        return (body == null ? req.send() : req.putHeader("Content-Type", "application/json")
                .sendBuffer(body.toBuffer())).await(60, TimeUnit.SECONDS);
    }
}
