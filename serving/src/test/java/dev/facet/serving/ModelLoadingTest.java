package dev.facet.serving;

import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelLoader;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model added to the repository answers 503 with {@code Retry-After} on every route that names it while its first
 * load runs, and is listed as loading. The load is held by a latch in the loader (the app's test seam), so the test
 * looks at a load that is certainly running, and then lets it finish.
 */
class ModelLoadingTest {

    private static final String TOKEN = "loading-test-token";
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private ServingApp app;
    private Vertx vertx;
    private WebClient client;

    @AfterEach
    void stop() throws Exception {
        release.countDown(); // never leave a worker waiting
        TestApps.stop(app, vertx);
    }

    /** The loader: the penguins' bundle waits (on a worker thread) until the test releases it. */
    private LoadedModel heldLoad(Path dir) {
        if (dir.getParent().getFileName().toString().equals(SmallPenguins.NAME)) {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the load");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return ModelLoader.loadBundle(dir);
    }

    @Test
    void aModelWhoseFirstLoadRunsAnswers503WithRetryAfterThenServes() throws Exception {
        Path root = Files.createTempDirectory("facet-loading-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        app = ServingApp.start(new JsonObject().put("http.port", 0).put("http.host", "127.0.0.1")
                .put("model.dir", root.toString()).put("kafka.enabled", false).put("admin.token", TOKEN),
                this::heldLoad).await(60, TimeUnit.SECONDS);
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);

        SmallPenguins.copyInto(root);
        Future<HttpResponse<Buffer>> reload = client.post("/admin/reload").putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("model", SmallPenguins.NAME).encode()));
        assertThat(entered.await(60, TimeUnit.SECONDS)).as("the penguins' load started").isTrue();

        String m = "/models/" + SmallPenguins.NAME;
        for (HttpResponse<Buffer> r : new HttpResponse[] {post(m + "/predict", MultiModelTest.gentoo()),
                post(m + "/predict/batch", new JsonArray().add(MultiModelTest.gentoo())),
                post(m + "/explain", MultiModelTest.gentoo()), get(m),
                post("/v2/models/" + SmallPenguins.NAME + "/infer", new JsonObject().put("inputs", new JsonArray())),
                get("/v2/models/" + SmallPenguins.NAME), get("/v2/models/" + SmallPenguins.NAME + "/ready")}) {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
            assertThat(r.getHeader("Retry-After")).isEqualTo("1");
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        }
        HttpResponse<Buffer> one = post(m + "/predict", MultiModelTest.gentoo());
        assertThat(one.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
        assertThat(one.bodyAsJsonObject().getString("message")).contains(SmallPenguins.NAME).contains("loading");
        JsonObject listed = get("/models").bodyAsJsonObject().getJsonArray("models").stream()
                .map(JsonObject.class::cast).filter(o -> o.getString("name").equals(SmallPenguins.NAME))
                .findFirst().orElseThrow();
        assertThat(listed.getBoolean("ready")).isFalse();
        JsonArray index = post("/v2/repository/index", new JsonObject()).bodyAsJsonArray();
        assertThat(index.stream().map(JsonObject.class::cast).filter(o -> o.getString("name").equals(SmallPenguins.NAME))
                .map(o -> o.getString("state"))).containsExactly("LOADING");
        // the other model serves meanwhile, and the held reload has not answered
        assertThat(post("/predict", TestApps.valid()).statusCode()).isEqualTo(200);
        assertThat(reload.isComplete()).as("the held reload has not answered").isFalse();

        release.countDown();
        HttpResponse<Buffer> done = reload.await(60, TimeUnit.SECONDS);
        assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> served = post(m + "/predict", MultiModelTest.gentoo());
        assertThat(served.statusCode()).as(served.bodyAsString()).isEqualTo(200);
        assertThat(served.getHeader("Retry-After")).isNull();
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return client.get(path).send().await(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String path, Object json) throws Exception {
        String body = json instanceof JsonObject o ? o.encode() : ((JsonArray) json).encode();
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                .await(30, TimeUnit.SECONDS);
    }
}
