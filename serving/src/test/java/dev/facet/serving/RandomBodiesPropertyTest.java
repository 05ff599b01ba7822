package dev.facet.serving;

import dev.facet.serving.v2.V2Bodies;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends, the answer is never a 5xx, and every refusal is the JSON error shape. */
class RandomBodiesPropertyTest {

    private static ServingApp app;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeContainer
    static void start() throws Exception {
        app = TestApps.startWithoutKafka();
    }

    @AfterContainer
    static void stop() throws Exception {
        TestApps.stop(app);
    }

    @Property(tries = 300, seed = "42")
    void noBodyYieldsA5xx(@ForAll("bodies") String body, @ForAll("paths") String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(body).isBetween(200, 499);
        if (r.statusCode() >= 400) {
            assertThat(r.body()).as(body).startsWith("{\"error\":");
        }
    }

    /**
     * Valid V2 requests with one to three nodes removed, nulled or retyped, posted to the real infer route: a 200 or
     * a 4xx with the protocol's {@code {"error": "..."}}, never a 5xx. (The parser-level properties are in
     * {@code V2RequestPropertyTest}; this checks that nothing between the route and the parser turns one into a 500.)
     */
    @Property(tries = 300, seed = "18")
    void noMutatedV2RequestYieldsA5xx(@ForAll("v2Mutations") List<V2Bodies.Mutation> mutations,
                                     @ForAll @IntRange(min = 1, max = 3) int rows) throws Exception {
        JsonObject body = V2Bodies.valid(rows);
        for (V2Bodies.Mutation m : mutations) {
            body = V2Bodies.mutate(body, m);
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort()
                        + "/v2/models/" + SmallModel.NAME + "/infer"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(body.encode()).isIn(200, 400);
        if (r.statusCode() == 400) {
            assertThat(new JsonObject(r.body()).getValue("error")).as(r.body()).isInstanceOf(String.class);
        }
    }

    @Provide
    Arbitrary<List<V2Bodies.Mutation>> v2Mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, V2Bodies.SWAPS.size() - 1)).as(V2Bodies.Mutation::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/predict", "/predict/batch", "/v2/models/" + SmallModel.NAME + "/infer");
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("NaN", "Infinity", "-1e999", "1e400", "null", "true", "\"\"", "\"Ideal\"", "\"E\"",
                        "\"SI2\"", "[]", "{}", "0", "-0", "99999999999999999999999", "\"\\u0000\""),
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
        Arbitrary<String> keys = Arbitraries.of("carat", "cut", "color", "clarity", "depth", "table", "x", "y", "z",
                "inputs", "name", "data", "shape", "datatype", "extra", "");
        Arbitrary<String> object = Arbitraries.maps(keys, values).ofMaxSize(11).map(m -> {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return b.append('}').toString();
        });
        Arbitrary<String> valid = Arbitraries.of(TestApps.valid().encode());
        Arbitrary<String> mutated = Arbitraries.integers().between(0, 200).map(cut -> {
            String s = "[" + TestApps.valid().encode() + "]";
            return s.substring(0, Math.min(cut, s.length()));
        });
        Arbitrary<String> arrays = object.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> v2 = object.list().ofMaxSize(3).map(l -> "{\"inputs\":[" + String.join(",", l) + "]}");
        return Arbitraries.oneOf(object, valid, mutated, arrays, v2, Arbitraries.strings().ofMaxLength(50));
    }
}
