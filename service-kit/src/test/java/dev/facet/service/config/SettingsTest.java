package dev.facet.service.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void defaultsApplyWhenNothingOverridesThem() {
        JsonObject c = Settings.load("serving", "/test-defaults.json", Map.of());
        assertThat(Settings.integer(c, "http.port", 0, 65535)).isEqualTo(8080);
        assertThat(Settings.string(c, "kafka.bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void environmentVariablesOverrideByAMechanicalName() {
        JsonObject c = Settings.load("drift-worker", "/test-defaults.json", Map.of(
                "DRIFT_WORKER_HTTP_PORT", "9999",
                "DRIFT_WORKER_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "DRIFT_WORKER_DRIFT_ALPHA", "0.01",
                "DRIFT_WORKER_KAFKA_ENABLED", "false",
                "SERVING_HTTP_PORT", "1"));
        assertThat(Settings.integer(c, "http.port", 0, 65535)).isEqualTo(9999);
        assertThat(Settings.string(c, "kafka.bootstrap.servers")).isEqualTo("kafka:9092");
        assertThat(Settings.number(c, "drift.alpha", 0, 1)).isEqualTo(0.01);
        assertThat(Settings.bool(c, "kafka.enabled")).isFalse();
    }

    @Test
    void aFileOverridesDefaultsAndTheEnvironmentOverridesTheFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("serving.json");
        Files.writeString(file, "{\"http.port\": 7000, \"kafka.bootstrap.servers\": \"file:9092\"}");
        JsonObject c = Settings.load("serving", "/test-defaults.json",
                Map.of("SERVING_CONFIG", file.toString(), "SERVING_HTTP_PORT", "7001"));
        assertThat(c.getValue("http.port")).isEqualTo(7001L);
        assertThat(c.getString("kafka.bootstrap.servers")).isEqualTo("file:9092");
    }

    @Test
    void anUnknownKeyInAFileIsAnErrorNamingIt(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("serving.json");
        Files.writeString(file, "{\"http.prot\": 7000}");
        assertThatThrownBy(() -> Settings.load("serving", "/test-defaults.json", Map.of("SERVING_CONFIG", file.toString())))
                .hasMessageContaining("unknown setting 'http.prot'");
    }

    @Test
    void badValuesAreErrorsNamingTheVariableOrKey() {
        assertThatThrownBy(() -> Settings.load("serving", "/test-defaults.json", Map.of("SERVING_HTTP_PORT", "eighty")))
                .hasMessageContaining("SERVING_HTTP_PORT=eighty");
        JsonObject c = Settings.load("serving", "/test-defaults.json", Map.of("SERVING_HTTP_PORT", "70000"));
        assertThatThrownBy(() -> Settings.integer(c, "http.port", 0, 65535)).hasMessageContaining("'http.port'");
        assertThatThrownBy(() -> Settings.string(c, "missing.key")).hasMessageContaining("'missing.key' is required");
    }

    @Test
    void secretsAreMaskedForLogs() {
        JsonObject c = Settings.load("serving", "/test-defaults.json", Map.of("SERVING_AUTH_TOKEN", "s3cret"));
        assertThat(c.getString("auth.token")).isEqualTo("s3cret");
        assertThat(Settings.masked(c).getString("auth.token")).isEqualTo("****");
        assertThat(Settings.masked(c).getValue("http.port")).isEqualTo(8080);
    }
}
