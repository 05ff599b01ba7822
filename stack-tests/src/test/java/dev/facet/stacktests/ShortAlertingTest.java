package dev.facet.stacktests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copies the end-to-end alert test runs on ({@link ShortAlerting}) are the repository's configuration with only
 * the documented waits and URLs changed, and still valid for promtool and amtool.
 */
class ShortAlertingTest {

    private static final String WEBHOOK = "http://127.0.0.1:9/";

    @Test
    void theRuleCopiesDifferFromTheRepositorysRulesOnlyInTheirForDurations(@TempDir Path tmp) throws Exception {
        Path dir = ShortAlerting.rules(tmp.resolve("rules"));
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        int shortened = 0;
        for (Path original : Rules.files()) {
            Path copy = dir.resolve(original.getFileName());
            List<Object> originalFors = new ArrayList<>();
            List<Object> copyFors = new ArrayList<>();
            assertThat(without(Yaml.load(copy), Set.of("for"), copyFors))
                    .as("%s apart from for:", original.getFileName())
                    .isEqualTo(without(Yaml.load(original), Set.of("for"), originalFors));
            assertThat(copyFors).hasSameSizeAs(originalFors)
                    .allSatisfy(f -> assertThat(f).isEqualTo(ShortAlerting.FOR.toSeconds() + "s"));
            shortened += copyFors.size();
            args.add(copy.toString());
        }
        assertThat(shortened).isEqualTo(Rules.alerts().size());
        Tools.Result check = Tools.promtool(tmp, args.toArray(String[]::new));
        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    void theAlertmanagerCopyKeepsTheRoutingAndSendsEveryReceiverToTheWebhook(@TempDir Path tmp) throws Exception {
        Path copy = ShortAlerting.alertmanager(tmp.resolve("alertmanager.yml"), receiver -> WEBHOOK + receiver);
        Set<String> changed = Set.of("group_wait", "group_interval", "url");
        List<Object> originalValues = new ArrayList<>();
        List<Object> copyValues = new ArrayList<>();
        assertThat(without(Yaml.load(copy), changed, copyValues)).as("alertmanager.yml apart from %s", changed)
                .isEqualTo(without(Yaml.load(Repo.path("prometheus/alertmanager.yml")), changed, originalValues));

        List<String> urls = new ArrayList<>();
        for (Object r : Yaml.list(Yaml.load(copy).get("receivers"))) {
            for (Object w : Yaml.list(Yaml.map(r).get("webhook_configs"))) {
                urls.add((String) Yaml.map(w).get("url"));
                assertThat(Yaml.map(w).get("url")).isEqualTo(WEBHOOK + Yaml.map(r).get("name"));
            }
        }
        assertThat(urls).isNotEmpty();
        Map<String, Object> route = Yaml.map(Yaml.load(copy).get("route"));
        assertThat(route).containsEntry("group_wait", ShortAlerting.GROUP_WAIT.toSeconds() + "s")
                .containsEntry("group_interval", ShortAlerting.GROUP_INTERVAL.toSeconds() + "s");

        Tools.require(Tools.AMTOOL);
        Tools.Result check = Tools.run(tmp, List.of(Tools.AMTOOL.toString(), "check-config", copy.toString()), null);
        assertThat(check.exit()).as(check.output()).isZero();
    }

    /** A deep copy of a YAML tree without the given keys at any depth; their values go to {@code removed}. */
    private static Object without(Object node, Set<String> keys, List<Object> removed) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (keys.contains(k)) {
                    removed.add(v);
                } else {
                    out.put(k, without(v, keys, removed));
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> without(v, keys, removed)).toList();
        }
        return node;
    }
}
