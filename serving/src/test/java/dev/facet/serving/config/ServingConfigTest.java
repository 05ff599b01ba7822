package dev.facet.serving.config;

import dev.facet.service.config.Settings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServingConfigTest {

    @Test
    void theIdleTimeoutDefaultsTo30sAndIsSetBySERVING_HTTP_IDLE_TIMEOUT_MS() {
        assertThat(ServingConfig.from(ServingConfig.withDefaults(new JsonObject())).idleTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        JsonObject fromEnv = Settings.load("serving", ServingConfig.DEFAULTS, Map.of("SERVING_HTTP_IDLE_TIMEOUT_MS", "45000"));
        assertThat(ServingConfig.from(fromEnv).idleTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    /** A request being worked on sends nothing: an idle timeout at or under the request timeout would cut it off. */
    @Test
    void anIdleTimeoutNotLongerThanTheRequestTimeoutIsRefused() {
        JsonObject c = ServingConfig.withDefaults(new JsonObject().put("http.idle.timeout.ms", 10_000)
                .put("limits.request.timeout.ms", 10_000));
        assertThatThrownBy(() -> ServingConfig.from(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http.idle.timeout.ms").hasMessageContaining("limits.request.timeout.ms");
    }
}
