package dev.facet.groundtruth.config;

import dev.facet.service.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroundTruthConfigTest {

    @Test
    void theIdleTimeoutDefaultsTo30SecondsAndTheEnvironmentOverridesIt() {
        assertThat(GroundTruthConfig.from(Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS,
                Map.of())).idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(GroundTruthConfig.from(Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS,
                Map.of("GROUND_TRUTH_HTTP_IDLE_TIMEOUT_MS", "45000"))).idleTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void anIdleTimeoutNotLongerThanTheRequestTimeoutIsRefusedByName() {
        // a request being worked on sends nothing: its connection would close before the request timeout answers
        assertThatThrownBy(() -> GroundTruthConfig.from(Settings.load(GroundTruthConfig.SERVICE,
                GroundTruthConfig.DEFAULTS, Map.of()).put("http.idle.timeout.ms", 10_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'http.idle.timeout.ms' (10000)")
                .hasMessageContaining("'limits.request.timeout.ms' (10000)");
    }
}
