package dev.facet.serving.config;

import dev.facet.service.config.Settings;
import dev.facet.service.http.HttpServers;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The serving service's settings, read once from the deployment config and checked.
 *
 * @param httpInstances     verticle instances sharing the port (one event loop each)
 * @param bodyMaxBytes      limit of a {@code /predict} body; one diamond is about 110 bytes
 * @param batchMaxRows      most rows in one {@code /predict/batch} or V2 infer request
 * @param kafkaDegradedAfter how long events may wait for the broker before health says DEGRADED
 * @param shutdownGrace     how long a stop lets in-flight requests finish before closing connections
 * @param idleTimeout       a connection from which nothing is read for this long is closed (one that never
 *                          completes a request, an unused keep-alive one); longer than {@code requestTimeout},
 *                          see {@code HttpServers}
 * @param maxInFlight       requests handled at once (all instances together); beyond it a 503 with Retry-After
 * @param batchMaxInFlight  batch and V2 infer requests handled at once, a part of {@code maxInFlight}: their
 *                          bodies (up to 1 MiB) and parsed rows are what a bounded heap must hold, so they get
 *                          their own, smaller cap (8: two cores stay busy with 2-4)
 * @param requestTimeout    a request not answered by then gets a 503 {@code unavailable}
 * @param adminToken        bearer token of the admin routes (or {@code adminTokenFile}); both empty: no admin routes
 * @param driftUrl          base URL of the drift-worker, read by {@code GET /api/status}
 * @param qualityUrl        base URL of ground-truth, read by {@code GET /api/status}
 * @param linksTimeout      how long {@code GET /api/status} waits for each peer
 * @param models            the models of the repository to serve (names, comma-separated); empty: every one found
 * @param defaultModel      the model behind the original routes; empty: the one named {@value #USUAL_DEFAULT} if
 *                          served, else the first by name
 */
public record ServingConfig(String httpHost, int httpPort, int httpInstances, Duration shutdownGrace,
                            Duration idleTimeout, Path modelDir,
                            boolean kafkaEnabled, String bootstrapServers, String predictionsTopic,
                            long kafkaBufferMaxBytes, Duration kafkaDegradedAfter,
                            int bodyMaxBytes, int batchMaxRows, int maxInFlight, int batchMaxInFlight,
                            Duration requestTimeout,
                            String adminToken, String adminTokenFile,
                            String driftUrl, String qualityUrl, Duration linksTimeout,
                            List<String> models, String defaultModel) {

    /** The model the original routes served before there were several: the default when none is configured. */
    public static final String USUAL_DEFAULT = "diamond-price-rf";

    public ServingConfig {
        HttpServers.requireIdleLongerThanRequest(idleTimeout, requestTimeout);
    }

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
                Duration.ofMillis(Settings.integer(c, "http.shutdown.grace.ms", 0, 600_000)),
                Duration.ofMillis(Settings.integer(c, "http.idle.timeout.ms", 100, 3_600_000)),
                Path.of(Settings.string(c, "model.dir")),
                Settings.bool(c, "kafka.enabled"),
                Settings.string(c, "kafka.bootstrap.servers"),
                nonBlank(c, "kafka.topic.predictions"),
                Settings.integer(c, "kafka.buffer.max.bytes", 1024, Integer.MAX_VALUE),
                Duration.ofMillis(Settings.integer(c, "kafka.degraded.after.ms", 100, 3_600_000)),
                Settings.integer(c, "limits.body.max.bytes", 1024, 16 << 20),
                Settings.integer(c, "limits.batch.max.rows", 1, 100_000),
                Settings.integer(c, "limits.in.flight.max", 1, 1_000_000),
                Settings.integer(c, "limits.batch.in.flight.max", 1, 1_000_000),
                Duration.ofMillis(Settings.integer(c, "limits.request.timeout.ms", 10, 3_600_000)),
                Settings.string(c, "admin.token"),
                Settings.string(c, "admin.token.file"),
                url(c, "links.drift.url"),
                url(c, "links.quality.url"),
                Duration.ofMillis(Settings.integer(c, "links.timeout.ms", 10, 60_000)),
                names(c, "models"),
                Settings.string(c, "default.model").trim());
    }

    /** A comma-separated list of model names; blanks dropped. */
    private static List<String> names(JsonObject c, String key) {
        return Arrays.stream(Settings.string(c, key).split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .distinct().toList();
    }

    /** The defaults with {@code overrides} on top; an unknown key is an error, as in {@link Settings#load}. */
    public static JsonObject withDefaults(JsonObject overrides) {
        return Settings.withDefaults(DEFAULTS, overrides);
    }

    /** Body limit of the batch and V2 infer routes: sized from the row limit (see {@link #BATCH_BYTES_PER_ROW}). */
    public long batchBodyMaxBytes() {
        return (long) batchMaxRows * BATCH_BYTES_PER_ROW + 1024;
    }

    /** An absolute http(s) URL without a trailing slash. */
    private static String url(JsonObject c, String key) {
        String s = nonBlank(c, key);
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a URL such as http://127.0.0.1:8081, got " + s);
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException("setting '" + key + "' must be an http(s) URL with a host, got " + s);
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String nonBlank(JsonObject c, String key) {
        String s = Settings.string(c, key);
        if (s.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' must not be blank");
        }
        return s;
    }
}
