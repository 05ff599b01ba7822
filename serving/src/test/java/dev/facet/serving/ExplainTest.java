package dev.facet.serving;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.trainer.TribuoAdapter;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code POST /explain} through the HTTP API: additivity, agreement with /predict, and /predict's validation. */
class ExplainTest {

    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        app = TestApps.startWithoutKafka();
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void contributionsOfHeldOutRowsSumToPriceMinusExpectedValue() throws Exception {
        // every 20th of the first 4,000 held-out rows: 200 real diamonds spread over the held-out set
        List<LabelledDiamond> rows = SmallModel.heldOutRows(4000);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 20) {
            LabelledDiamond row = rows.get(i);
            HttpResponse<Buffer> r = post("/explain", TestApps.json(row.diamond()).encode());
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            JsonObject body = r.bodyAsJsonObject();
            JsonObject contributions = body.getJsonObject("contributions");
            assertThat(contributions.fieldNames()).containsExactlyElementsOf(DiamondSchema.names());
            double sum = 0;
            for (String f : DiamondSchema.names()) {
                sum += contributions.getDouble(f);
            }
            double price = body.getDouble("price");
            assertThat(body.getDouble("expected_value") + sum).as("row %d", i).isCloseTo(price, within(1e-6));
            // the oracle for the price: Tribuo's own prediction with the bundle's model
            assertThat(price).isCloseTo(TribuoAdapter.predict(SmallModel.bundle().model(), row.diamond()), within(1e-9));
            assertThat(body.getString("prediction_id")).hasSize(36);
            assertThat(body.getString("model_name")).isEqualTo(SmallModel.NAME);
            assertThat(body.getString("model_version")).isEqualTo(SmallModel.VERSION);
            expected.add(body.getDouble("expected_value"));
        }
        // one baseline for every row: the mean training prediction of this model
        assertThat(expected).hasSize(200).containsOnly(expected.get(0));
        assertThat(expected.get(0)).isBetween(500.0, 10_000.0);
    }

    @Test
    void aLargerDiamondGetsAPositiveCaratContribution() throws Exception {
        JsonObject big = TestApps.valid().put("carat", 2.5).put("x", 8.7).put("y", 8.65).put("z", 5.4);
        JsonObject body = post("/explain", big.encode()).bodyAsJsonObject();
        assertThat(body.getJsonObject("contributions").getDouble("carat")).isPositive();
        assertThat(body.getDouble("price")).isGreaterThan(body.getDouble("expected_value"));
    }

    @Test
    void invalidInputIsRefusedExactlyAsPredictRefusesIt() throws Exception {
        for (String bad : List.of(TestApps.valid().put("carat", -1).put("cut", "Superb").encode(),
                TestApps.valid().put("depth", "NaN").encode(), "{", "", "[1,2]",
                TestApps.valid().put("extra", 1).encode())) {
            HttpResponse<Buffer> explain = post("/explain", bad);
            HttpResponse<Buffer> predict = post("/predict", bad);
            assertThat(explain.statusCode()).as(bad).isEqualTo(400).isEqualTo(predict.statusCode());
            assertThat(explain.bodyAsJsonObject()).as(bad).isEqualTo(predict.bodyAsJsonObject());
        }
        HttpResponse<Buffer> media = client.post("/explain").putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("carat=1")).await(30, TimeUnit.SECONDS);
        assertThat(media.statusCode()).isEqualTo(415);
        assertThat(post("/explain", "x".repeat(70_000)).statusCode()).isEqualTo(413);
    }

    @Test
    void explanationsAreCountedAsTheirOwnEndpoint() throws Exception {
        post("/explain", TestApps.valid().encode());
        post("/explain", TestApps.valid().put("carat", 0).encode());
        String scrape = TestApps.scrape(client);
        assertThat(Scrape.of(scrape, "prediction_requests_total", java.util.Map.of("model", SmallModel.NAME, "endpoint", "explain", "outcome", "success")))
                .isGreaterThanOrEqualTo(1);
        assertThat(Scrape.of(scrape, "prediction_requests_total", java.util.Map.of("model", SmallModel.NAME, "endpoint", "explain", "outcome", "client_error")))
                .isGreaterThanOrEqualTo(1);
    }

    private static HttpResponse<Buffer> post(String path, String body) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                .await(30, TimeUnit.SECONDS);
    }
}
