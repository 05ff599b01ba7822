package dev.facet.serving.http;

import dev.facet.contracts.json.Json;
import dev.facet.service.http.JsonReplies;
import dev.facet.serving.prediction.Prediction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written replies against Jackson's object mapper as oracle: the same bytes, usual input or not. */
class RepliesTest {

    @Property(tries = 2000)
    void aPredictReplyIsWhatJacksonWrites(@ForAll("ids") String id, @ForAll("prices") double price,
                                          @ForAll("strings") String name, @ForAll("strings") String version) throws Exception {
        for (Prediction p : List.of(new Prediction(id, price), new Prediction(id, price, Double.toString(price)))) {
            byte[] oracle = Json.MAPPER.writeValueAsBytes(Replies.predictReply(p, name, version));
            assertThat(Replies.predict(p, name, version).toString()).isEqualTo(new String(oracle, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(Replies.predict(p, name, version).getBytes()).isEqualTo(oracle);
        }
    }

    @Property(tries = 500)
    void aBatchReplyIsWhatJacksonWrites(@ForAll("strings") String name, @ForAll("strings") String version,
                                        @ForAll("idLists") List<String> ids,
                                        @ForAll("priceLists") List<Double> prices) throws Exception {
        int n = Math.min(ids.size(), prices.size());
        List<Prediction> predictions = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            // the price's text as PredictionService renders it, or none (then the reply renders it)
            double price = prices.get(i);
            predictions.add(i % 3 == 0 ? new Prediction(ids.get(i), price) : new Prediction(ids.get(i), price, Double.toString(price)));
        }
        byte[] oracle = Json.MAPPER.writeValueAsBytes(Replies.batchReply(name, version, predictions));
        assertThat(Replies.batch(name, version, predictions).getBytes()).isEqualTo(oracle);
    }

    @org.junit.jupiter.api.Test
    void aBodyIsGzippedWhereItIsMadeOnlyWhenAcceptedAndLargeEnough() throws Exception {
        io.vertx.core.buffer.Buffer large = io.vertx.core.buffer.Buffer.buffer("{\"x\":\"" + "a".repeat(ServingVerticle.GZIP_MIN_BYTES) + "\"}");
        io.vertx.core.buffer.Buffer small = io.vertx.core.buffer.Buffer.buffer("{\"x\":1}");
        JsonReplies.Body gz = ServingVerticle.REPLIES.body(large, true);
        assertThat(gz.gzipped()).isTrue();
        assertThat(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.bytes().getBytes())).readAllBytes())
                .isEqualTo(large.getBytes());
        assertThat(gz.bytes().length()).isLessThan(large.length() / 10);
        assertThat(ServingVerticle.REPLIES.body(large, false)).isEqualTo(new JsonReplies.Body(large, false));
        assertThat(ServingVerticle.REPLIES.body(small, true)).isEqualTo(new JsonReplies.Body(small, false));
    }

    @Provide
    Arbitrary<List<String>> idLists() {
        return ids().list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Double>> priceLists() {
        return prices().list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString()), strings());
    }

    /** Mostly plain, sometimes what JSON must escape or UTF-8 must encode. */
    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars("-._ ").ofMaxLength(16),
                Arbitraries.strings().withChars("a\"\\/\n\t\u0001é€😀").ofMaxLength(6),
                Arbitraries.strings().all().ofMaxLength(8));
    }

    @Provide
    Arbitrary<Double> prices() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 30_000), Arbitraries.doubles(),
                Arbitraries.of(0.0, -0.0, 1e-7, 1e7, 123456789.0, Double.MIN_VALUE, Double.MAX_VALUE,
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
}
