package dev.facet.serving;

import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The serving service's settings, read once from the deployment config and checked.
 *
 * @param httpInstances     verticle instances sharing the port (one event loop each)
 * @param bodyMaxBytes      limit of a {@code /predict} body; one diamond is about 110 bytes
 * @param batchMaxRows      most rows in one {@code /predict/batch} or V2 infer request
 * @param kafkaDegradedAfter how long events may wait for the broker before health says DEGRADED
 */
public record ServingConfig(String httpHost, int httpPort, int httpInstances, Path modelDir,
                            boolean kafkaEnabled, String bootstrapServers, String predictionsTopic,
                            long kafkaBufferMaxBytes, Duration kafkaDegradedAfter,
                            int bodyMaxBytes, int batchMaxRows) {

    /** The defaults on the classpath; every key a config may set is in it. */
    public static final String DEFAULTS = "/serving-defaults.json";

    /**
     * Budget per batch row for the batch body limit: a compact row is ~110 bytes, pretty-printed ~200, so
     * 1 KiB per row never refuses an honest batch while still bounding memory (1000 rows: 1 MiB).
     */
    public static final int BATCH_BYTES_PER_ROW = 1024;

    public static ServingConfig from(JsonObject c) {
        return new ServingConfig(
                Settings.string(c, "http.host"),
                Settings.integer(c, "http.port", 0, 65535),
                Settings.integer(c, "http.instances", 1, 64),
                Path.of(Settings.string(c, "model.dir")),
                Settings.bool(c, "kafka.enabled"),
                Settings.string(c, "kafka.bootstrap.servers"),
                nonBlank(c, "kafka.topic.predictions"),
                Settings.integer(c, "kafka.buffer.max.bytes", 1024, Integer.MAX_VALUE),
                Duration.ofMillis(Settings.integer(c, "kafka.degraded.after.ms", 100, 3_600_000)),
                Settings.integer(c, "limits.body.max.bytes", 1024, 16 << 20),
                Settings.integer(c, "limits.batch.max.rows", 1, 100_000));
    }

    /** The defaults with {@code overrides} on top; an unknown key is an error, as in {@link Settings#load}. */
    public static JsonObject withDefaults(JsonObject overrides) {
        JsonObject merged = Settings.load("serving", DEFAULTS, Map.of());
        for (String key : overrides.fieldNames()) {
            if (!merged.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings are "
                        + merged.fieldNames());
            }
        }
        return merged.mergeIn(overrides);
    }

    /** Body limit of the batch and V2 infer routes: sized from the row limit (see {@link #BATCH_BYTES_PER_ROW}). */
    public long batchBodyMaxBytes() {
        return (long) batchMaxRows * BATCH_BYTES_PER_ROW + 1024;
    }

    private static String nonBlank(JsonObject c, String key) {
        String s = Settings.string(c, key);
        if (s.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' must not be blank");
        }
        return s;
    }
}
