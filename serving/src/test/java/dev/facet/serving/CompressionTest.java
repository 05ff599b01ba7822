package dev.facet.serving;

import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies are gzipped for clients that accept it, once they are large enough to be worth it (not a /predict);
 * batch and V2 replies are gzipped where they are made, so a large one is deflated on a worker.
 */
class CompressionTest {

    private static ServingApp app;
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // never decompresses on its own

    @BeforeAll
    static void start() throws Exception {
        app = TestApps.startWithoutKafka();
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app);
    }

    @Test
    void aLargeBatchReplyIsGzippedWhenAcceptedAndPlainOtherwise() throws Exception {
        JsonArray rows = new JsonArray();
        SmallModel.heldOutRows(50).forEach(r -> rows.add(TestApps.json(r.diamond())));
        HttpResponse<byte[]> gz = post("/predict/batch", rows.encode(), "gzip, deflate");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonObject reply = new JsonObject(new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes()));
        assertThat(reply.getJsonArray("predictions")).hasSize(50);
        assertThat(gz.body().length).isLessThan(reply.encode().length() / 2);

        HttpResponse<byte[]> plain = post("/predict/batch", rows.encode(), null);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new JsonObject(new String(plain.body())).getJsonArray("predictions")).hasSize(50);
    }

    @Test
    void aBatchLargeEnoughForAWorkerIsGzippedThereAndRefusedGzipIsHonoured() throws Exception {
        JsonArray rows = new JsonArray();
        SmallModel.heldOutRows(200).forEach(r -> rows.add(TestApps.json(r.diamond())));
        assertThat(rows.encode().length()).as("over the inline limit: predicted on a worker").isGreaterThan(8 * 1024);
        HttpResponse<byte[]> gz = post("/predict/batch", rows.encode(), "br;q=1.0, gzip;q=0.5");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonObject reply = new JsonObject(new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes()));
        assertThat(reply.getJsonArray("predictions")).hasSize(200);

        HttpResponse<byte[]> refused = post("/predict/batch", rows.encode(), "gzip;q=0, identity");
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new JsonObject(new String(refused.body())).getJsonArray("predictions")).hasSize(200);
    }

    @Test
    void aV2InferenceIsGzippedWhenAccepted() throws Exception {
        List<dev.facet.contracts.data.LabelledDiamond> rows = SmallModel.heldOutRows(100);
        JsonArray inputs = new JsonArray();
        for (String f : DiamondSchema.names()) {
            boolean numeric = DiamondSchema.feature(f).isNumeric();
            JsonArray data = new JsonArray(rows.stream().map(x -> TestApps.json(x.diamond()).getValue(f)).toList());
            inputs.add(new JsonObject().put("name", f).put("datatype", numeric ? "FP64" : "BYTES")
                    .put("shape", new JsonArray().add(rows.size())).put("data", data));
        }
        HttpResponse<byte[]> gz = post("/v2/models/" + SmallModel.NAME + "/infer",
                new JsonObject().put("inputs", inputs).encode(), "gzip");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonObject reply = new JsonObject(new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes()));
        assertThat(reply.getJsonArray("outputs").getJsonObject(0).getJsonArray("data")).hasSize(100);
    }

    @Test
    void aSinglePredictionIsNotWorthGzipping() throws Exception {
        HttpResponse<byte[]> r = post("/predict", TestApps.valid().encode(), "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new JsonObject(new String(r.body())).getDouble("price")).isPositive();
        HttpResponse<byte[]> plain = post("/predict", TestApps.valid().encode(), null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    }

    private static HttpResponse<byte[]> post(String path, String body, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
