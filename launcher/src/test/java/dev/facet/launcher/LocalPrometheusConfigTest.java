package dev.facet.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The launcher's Prometheus config sends alerts to the local Alertmanager when one runs, and is valid for promtool. */
class LocalPrometheusConfigTest {

    private static final Path RULES = Path.of("..", "prometheus", "rules").toAbsolutePath().normalize();
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void withAlertmanagerTheConfigNamesItsAddressAndPromtoolAcceptsIt(@TempDir Path tmp) throws Exception {
        String config = LocalPrometheus.scrapeConfig("LocalPrometheusConfigTest", Duration.ofSeconds(5), RULES,
                8080, 8081, 8082) + LocalPrometheus.alerting(OptionalInt.of(19093));

        Map<String, Object> doc = load(config);
        Map<String, Object> alerting = AlertmanagerConfig.map(doc.get("alerting"));
        Map<String, Object> first = AlertmanagerConfig.map(AlertmanagerConfig.list(alerting.get("alertmanagers")).get(0));
        Map<String, Object> targets = AlertmanagerConfig.map(AlertmanagerConfig.list(first.get("static_configs")).get(0));
        assertThat(targets.get("targets")).isEqualTo(List.of("127.0.0.1:19093"));

        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (apt-get install prometheus)");
        Path file = Files.writeString(tmp.resolve("prometheus.yml"), config);
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "config", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
    }

    @Test
    void withoutAlertmanagerThereIsNoAlertingSection() {
        String config = LocalPrometheus.scrapeConfig("LocalPrometheusConfigTest", Duration.ofSeconds(5), RULES,
                8080, 8081, 8082) + LocalPrometheus.alerting(OptionalInt.empty());
        assertThat(load(config)).doesNotContainKey("alerting").containsKey("scrape_configs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
