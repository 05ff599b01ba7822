package dev.facet.groundtruth.config;

import dev.facet.service.config.Settings;
import dev.facet.service.http.HttpServers;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The ground-truth service's settings, read once from the flat deployment config and checked: a wrong type or
 * an out-of-range value fails the start with the key's name. Keys and defaults are in
 * {@code ground-truth-defaults.json}; the environment overrides them as {@code GROUND_TRUTH_<KEY>}.
 */
public record GroundTruthConfig(int httpPort, int bodyLimitBytes, int batchBodyLimitBytes, int maxInFlight,
                                Duration requestTimeout, Duration idleTimeout, String authToken, String authTokenFile,
                                int batchMaxItems,
                                Duration maxClockSkew, long publishBufferBytes, String modelDir,
                                String bootstrapServers, String predictionsTopic, String groundTruthTopic,
                                String groupId, Duration sessionTimeout, Duration retention, Duration grace, int maxPending,
                                int countWindow, Duration timeWindow, double maeRatioThreshold,
                                int pageHinkleyWindow, double falseAlarmRunLength, int ddmWindow,
                                int pairsKeptPerModel,
                                Duration modelRetry, boolean historyEnabled, String evaluationsTopic) {

    public static final String SERVICE = "ground-truth";
    public static final String DEFAULTS = "/ground-truth-defaults.json";

    public static GroundTruthConfig from(JsonObject c) {
        GroundTruthConfig config = new GroundTruthConfig(
                Settings.integer(c, "http.port", 0, 65535),
                Settings.integer(c, "http.body-limit-bytes", 256, 1 << 20),
                Settings.integer(c, "http.batch.body-limit-bytes", 1024, 64 << 20),
                Settings.integer(c, "limits.in.flight.max", 1, 1_000_000),
                Duration.ofMillis(Settings.integer(c, "limits.request.timeout.ms", 10, 3_600_000)),
                Duration.ofMillis(Settings.integer(c, "http.idle.timeout.ms", 100, 3_600_000)),
                Settings.string(c, "auth.token"),
                Settings.string(c, "auth.token.file"),
                Settings.integer(c, "feedback.batch.max-items", 1, 100_000),
                Duration.ofSeconds(Settings.integer(c, "feedback.max-clock-skew-seconds", 0, 86_400)),
                Settings.integer(c, "feedback.publish.buffer-bytes", 1024, Integer.MAX_VALUE),
                Settings.string(c, "model.dir"),
                Settings.string(c, "kafka.bootstrap.servers"),
                Settings.string(c, "kafka.topic.predictions"),
                Settings.string(c, "kafka.topic.ground-truth"),
                Settings.string(c, "kafka.group.id"),
                Duration.ofMillis(Settings.integer(c, "kafka.session.timeout.ms", 6_000, 300_000)),
                Duration.ofSeconds(Settings.integer(c, "join.retention.seconds", 1, 30 * 86_400)),
                Duration.ofSeconds(Settings.integer(c, "join.grace.seconds", 0, 86_400)),
                Settings.integer(c, "join.max.pending", 1, 50_000_000),
                Settings.integer(c, "quality.window.count", 10, 1_000_000),
                Duration.ofSeconds(Settings.integer(c, "quality.window.seconds", 1, 30 * 86_400)),
                Settings.number(c, "concept-drift.mae-ratio-threshold", 1.01, 100),
                Settings.integer(c, "concept-drift.page-hinkley.window", 10, 1_000_000),
                Settings.number(c, "concept-drift.page-hinkley.false-alarm-run-length", 10, 1e12),
                Settings.integer(c, "concept-drift.ddm.window", 100, 1_000_000),
                Settings.integer(c, "pairs.kept.per-model", 0, 1_000_000),
                Duration.ofSeconds(Settings.integer(c, "model.retry.seconds", 1, 86_400)),
                Settings.bool(c, "history.enabled"),
                Settings.string(c, "kafka.topic.evaluations"));
        for (String key : new String[] {"model.dir", "kafka.bootstrap.servers", "kafka.topic.predictions",
                "kafka.topic.ground-truth", "kafka.group.id", "kafka.topic.evaluations"}) {
            if (c.getString(key).isBlank()) {
                throw new IllegalArgumentException("setting '" + key + "' must not be empty");
            }
        }
        HttpServers.requireIdleLongerThanRequest(config.idleTimeout(), config.requestTimeout());
        if (config.predictionsTopic().equals(config.groundTruthTopic())) {
            throw new IllegalArgumentException("settings 'kafka.topic.predictions' and 'kafka.topic.ground-truth' "
                    + "must name different topics, both are '" + config.predictionsTopic() + "'");
        }
        return config;
    }

    /** Without the token: a config record's toString would otherwise print it into a log. */
    @Override
    public String toString() {
        return "GroundTruthConfig[httpPort=" + httpPort + ", auth=" + (authToken.isBlank() && authTokenFile.isBlank()
                ? "off" : "on") + ", bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + "]";
    }

    /**
     * How far back a (re)started joiner reads both topics: a feedback received up to one retention after its
     * prediction still joins, so rebuilding everything the joiner holds needs two retentions plus the grace.
     */
    public Duration replayLookback() {
        return retention.multipliedBy(2).plus(grace);
    }
}
