package dev.facet.reliability;

import dev.facet.trainer.testing.SmallModel;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the consumers in this JVM from their defaults, on free ports, for the hostile-input tests. */
final class Services {

    static final String TOKEN = "reliability-test-token";

    private Services() {
    }

    static GroundTruthApp groundTruth(String bootstrap, String predictions, String groundTruth, String group,
                                      Map<String, Object> overrides) throws Exception {
        JsonObject c = Settings.load("ground-truth", "/ground-truth-defaults.json", Map.of())
                .put("http.port", 0).put("model.dir", SmallModel.root().toString())
                .put("kafka.bootstrap.servers", bootstrap).put("kafka.topic.predictions", predictions)
                .put("kafka.topic.ground-truth", groundTruth).put("kafka.group.id", group)
                .put("auth.token", TOKEN).put("quality.window.count", 2000);
        overrides.forEach(c::put);
        return GroundTruthApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static DriftWorkerApp driftWorker(String bootstrap, String predictions, String group) throws Exception {
        JsonObject c = Settings.load("drift-worker", "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0).put("model.dir", SmallModel.root().toString())
                .put("kafka.bootstrap.servers", bootstrap).put("kafka.topic.predictions", predictions)
                .put("kafka.group.id", group).put("dlq.topic", predictions + ".dlq");
        return DriftWorkerApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
