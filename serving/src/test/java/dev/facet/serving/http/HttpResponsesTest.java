package dev.facet.serving.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpResponsesTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void labelsAreTheRoutersFixedPathsAndPrefixesElseUnmatched() {
        Router router = Router.router(vertx);
        HttpResponses r = new HttpResponses(new SimpleMeterRegistry());
        router.route().handler(r);
        router.post("/predict").handler(ctx -> { });
        router.post("/predict/batch").handler(ctx -> { });
        router.get("/assets/*").handler(ctx -> { });
        router.get("/v2/models/:name").handler(ctx -> { });
        router.post("/v2/models/:name/versions/:version/infer").handler(ctx -> { });
        r.labelsFrom(router);

        assertThat(r.label("/predict")).isEqualTo("/predict");
        assertThat(r.label("/predict/batch")).isEqualTo("/predict/batch");
        assertThat(r.label("/assets/app.js")).isEqualTo("/assets/*");
        assertThat(r.label("/v2/models/diamonds/versions/3/infer")).isEqualTo("/v2/models/*");
        assertThat(r.label("/predict/other")).isEqualTo(HttpResponses.UNMATCHED);
        assertThat(r.label("/etc/passwd")).isEqualTo(HttpResponses.UNMATCHED);
        assertThat(r.label(null)).isEqualTo(HttpResponses.UNMATCHED);
    }

    @Test
    void countsByRouteAndCodeWithOneSeriesEach() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HttpResponses r = new HttpResponses(registry);
        r.count("/predict", 200);
        r.count("/predict", 200);
        r.count("/predict", 400);
        r.count("unmatched", 404);
        r.count("unmatched", 1000);
        r.count("unmatched", 50);
        assertThat(count(registry, "/predict", "200")).isEqualTo(2);
        assertThat(count(registry, "/predict", "400")).isEqualTo(1);
        assertThat(count(registry, "unmatched", "404")).isEqualTo(1);
        assertThat(count(registry, "unmatched", "1000")).isEqualTo(1);
        assertThat(count(registry, "unmatched", "50")).isEqualTo(1);
        assertThat(registry.get("serving.http.responses").counters()).hasSize(5);
    }

    private static double count(SimpleMeterRegistry registry, String route, String code) {
        return registry.get("serving.http.responses").tags("route", route, "code", code).counter().count();
    }
}
