package dev.facet.serving;

import dev.facet.contracts.schema.Diamond;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Starting the real app for a test, request bodies, and reading it back. */
public final class TestApps {

    private TestApps() {
    }

    /** Port 0, the test model, one event loop per core; {@code overrides} on top. */
    public static ServingApp start(JsonObject overrides) throws Exception {
        JsonObject config = new JsonObject()
                .put("http.port", 0).put("http.host", "127.0.0.1")
                .put("model.dir", SmallModel.root().toString())
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

    /** The app's {@code /metrics} page. */
    public static String scrape(WebClient client) throws Exception {
        return client.get("/metrics").send().await(30, TimeUnit.SECONDS).bodyAsString();
    }

    /**
     * A JSON POST to {@code path} announcing {@code announcedBytes} and sending only {@code firstBytes}: the server
     * waits for the rest, so the request stays in flight until the deadline answers it or the socket is closed.
     */
    public static Socket stalledUpload(ServingApp app, String path, int announcedBytes, String firstBytes) throws Exception {
        Socket s = new Socket("127.0.0.1", app.httpPort());
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + announcedBytes + "\r\n\r\n" + firstBytes).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
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
