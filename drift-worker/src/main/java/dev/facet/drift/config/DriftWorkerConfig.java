package dev.facet.drift.config;

import dev.facet.drift.stats.Correction;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.KolmogorovSmirnov;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static dev.facet.service.config.Settings.bool;
import static dev.facet.service.config.Settings.integer;
import static dev.facet.service.config.Settings.number;
import static dev.facet.service.config.Settings.string;

/**
 * The drift-worker's settings, read once from the flat deployment config (defaults in
 * {@code drift-worker-defaults.json}, environment {@code DRIFT_WORKER_<KEY>}) and validated: a wrong value
 * fails start-up with the key's name.
 *
 * @param splitAlpha {@code drift.alpha.split = partitions}: each worker judges its windows at its share of
 *                   {@code drift.alpha}, by the partitions it holds ({@code InstanceShare}); {@code none}: at all of it
 * @param historyEnabled   {@code history.enabled}: publish every evaluated window to {@code kafka.topic.evaluations}
 * @param historyReadTimeout {@code history.read.timeout.ms}: the deadline of one read of that topic (the
 *                           {@code /history} and {@code /report} routes); past it they answer 503
 */
public record DriftWorkerConfig(int httpPort, Duration idleTimeout, Path modelDir, String bootstrapServers,
                                String topic, String groupId,
                                String autoOffsetReset, Duration commitInterval, Duration lagInterval,
                                Duration sessionTimeout,
                                boolean dlqEnabled, String dlqTopic, int countWindow, Duration timeWindow,
                                int timeWindowMaxEvents, Duration timeEvaluateEvery, DataDriftPolicy policy,
                                int maxModels, Duration unknownModelRetry, boolean splitAlpha,
                                boolean historyEnabled, String evaluationsTopic, Duration historyReadTimeout) {

    public static DriftWorkerConfig from(JsonObject c) {
        int count = integer(c, "window.count", 1, 1_000_000);
        int minWindow = integer(c, "drift.min.window", KolmogorovSmirnov.MIN_WINDOW, 1_000_000);
        int timeMax = integer(c, "window.time.max.events", 1, 5_000_000);
        if (minWindow > count) {
            throw new IllegalArgumentException("setting 'drift.min.window' (" + minWindow
                    + ") must be <= 'window.count' (" + count + "), or count windows never get a verdict");
        }
        if (minWindow > timeMax) {
            throw new IllegalArgumentException("setting 'drift.min.window' (" + minWindow
                    + ") must be <= 'window.time.max.events' (" + timeMax + ")");
        }
        String reset = string(c, "kafka.auto.offset.reset").toLowerCase(Locale.ROOT);
        if (!List.of("earliest", "latest").contains(reset)) {
            throw new IllegalArgumentException("setting 'kafka.auto.offset.reset' must be earliest or latest, got " + reset);
        }
        Correction correction;
        try {
            correction = Correction.parse(string(c, "drift.correction"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting 'drift.correction': " + e.getMessage(), e);
        }
        DataDriftPolicy policy = new DataDriftPolicy(minWindow,
                number(c, "drift.alpha", 1e-9, 0.5), correction,
                number(c, "drift.numeric.threshold", 0, 100),
                number(c, "drift.categorical.threshold", 0, 100),
                number(c, "drift.dataset.share", 0.01, 1),
                number(c, "drift.chi.min.expected", 0.5, 1000));
        String split = string(c, "drift.alpha.split").toLowerCase(Locale.ROOT);
        if (!List.of("partitions", "none").contains(split)) {
            throw new IllegalArgumentException("setting 'drift.alpha.split' must be partitions or none, got " + split);
        }
        return new DriftWorkerConfig(
                integer(c, "http.port", 0, 65535),
                Duration.ofMillis(integer(c, "http.idle.timeout.ms", 100, 3_600_000)),
                Path.of(nonBlank(c, "model.dir")),
                nonBlank(c, "kafka.bootstrap.servers"),
                nonBlank(c, "kafka.topic.predictions"),
                nonBlank(c, "kafka.group.id"),
                reset,
                Duration.ofMillis(integer(c, "kafka.commit.interval.ms", 50, 600_000)),
                Duration.ofMillis(integer(c, "kafka.lag.interval.ms", 100, 600_000)),
                Duration.ofMillis(integer(c, "kafka.session.timeout.ms", 6_000, 300_000)),
                bool(c, "dlq.enabled"),
                nonBlank(c, "dlq.topic"),
                count,
                Duration.ofSeconds(integer(c, "window.time.seconds", 1, 86_400)),
                timeMax,
                Duration.ofSeconds(integer(c, "window.time.evaluate.seconds", 1, 3_600)),
                policy,
                integer(c, "drift.max.models", 1, 1_000),
                Duration.ofSeconds(integer(c, "drift.unknown.model.retry.seconds", 1, 86_400)),
                split.equals("partitions"),
                bool(c, "history.enabled"),
                nonBlank(c, "kafka.topic.evaluations"),
                Duration.ofMillis(integer(c, "history.read.timeout.ms", 500, 120_000)));
    }

    private static String nonBlank(JsonObject c, String key) {
        String s = string(c, key);
        if (s.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' must not be blank");
        }
        return s;
    }
}
