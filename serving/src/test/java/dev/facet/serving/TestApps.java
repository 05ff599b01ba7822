package dev.facet.serving;

import dev.facet.common.schema.Diamond;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.concurrent.TimeUnit;

/** Starting the real app for a test, and request bodies. */
public final class TestApps {

    private TestApps() {
    }

    /** Port 0, the test model, one event loop per core; {@code overrides} on top. */
    public static ServingApp start(JsonObject overrides) throws Exception {
        JsonObject config = new JsonObject()
                .put("http.port", 0).put("http.host", "127.0.0.1")
                .put("model.dir", TestModel.root().toString())
                .mergeIn(overrides);
        return ServingApp.start(config).await(60, TimeUnit.SECONDS);
    }

    public static ServingApp startWithoutKafka() throws Exception {
        return start(new JsonObject().put("kafka.enabled", false));
    }

    public static void stop(ServingApp app) throws Exception {
        if (app != null) {
            app.stop().await(60, TimeUnit.SECONDS);
        }
    }

    /** A client on the test's own Vert.x, pointed at the app. */
    public static WebClient client(Vertx vertx, ServingApp app) {
        return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort()));
    }

    /** Stops the app, then the test's Vert.x. */
    public static void stop(ServingApp app, Vertx vertx) throws Exception {
        stop(app);
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    public static JsonObject json(Diamond d) {
        return new JsonObject().put("carat", d.carat()).put("cut", d.cut()).put("color", d.color())
                .put("clarity", d.clarity()).put("depth", d.depth()).put("table", d.table())
                .put("x", d.x()).put("y", d.y()).put("z", d.z());
    }

    /** A valid diamond (first row of the ggplot2 data set). */
    public static JsonObject valid() {
        return new JsonObject().put("carat", 0.23).put("cut", "Ideal").put("color", "E").put("clarity", "SI2")
                .put("depth", 61.5).put("table", 55.0).put("x", 3.95).put("y", 3.98).put("z", 2.43);
    }
}
