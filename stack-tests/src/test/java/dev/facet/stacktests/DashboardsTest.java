package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Static checks of the Grafana dashboards and provisioning (Grafana itself cannot run here). */
class DashboardsTest {

    private static final String DATASOURCE_UID = "facet-prometheus";

    @Test
    void theDatasourceIsProvisionedWithTheUidThePanelsUse() throws Exception {
        Map<String, Object> ds = Yaml.load(Repo.path("grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> prom = Yaml.map(Yaml.list(ds.get("datasources")).get(0));
        assertThat(prom).containsEntry("uid", DATASOURCE_UID).containsEntry("type", "prometheus")
                .containsEntry("url", "http://prometheus:9090");
        Map<String, Object> dash = Yaml.load(Repo.path("grafana/provisioning/dashboards/facet.yml"));
        Map<String, Object> provider = Yaml.map(Yaml.list(dash.get("providers")).get(0));
        assertThat(provider).containsEntry("type", "file");
        assertThat(Yaml.map(provider.get("options"))).containsEntry("path", "/var/lib/grafana/dashboards");
    }

    @Test
    void everyDashboardParsesHasAStableUidAndFocusedPanelsWithQueries() throws Exception {
        List<Path> files = Dashboards.files();
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("serving.json", "drift.json", "model-quality.json");
        Set<String> uids = new HashSet<>();
        for (Path f : files) {
            JsonNode d = Dashboards.read(f);
            String uid = d.path("uid").asText();
            assertThat(uid).as("%s uid", f).matches("facet-[a-z0-9-]+");
            assertThat(uids.add(uid)).as("uid %s is unique", uid).isTrue();
            assertThat(d.path("title").asText()).isNotBlank();
            JsonNode panels = d.path("panels");
            assertThat(panels.size()).as("%s: 5 to 7 focused panels", f).isBetween(5, 7);
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : panels) {
                String title = f.getFileName() + " / " + p.path("title").asText();
                assertThat(ids.add(p.path("id").asInt())).as("panel id unique: %s", title).isTrue();
                assertThat(p.path("id").asInt()).as(title).isPositive();
                assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE_UID);
                assertThat(p.path("description").asText()).as(title + " says what it shows").isNotBlank();
                assertThat(p.path("targets").size()).as(title).isPositive();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("expr").asText()).as(title + " target " + t.path("refId")).isNotBlank();
                    assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE_UID);
                }
            }
        }
    }

    @Test
    void theDriftDashboardSelectsAModelAndEveryDriftQueryKeepsIt() throws Exception {
        JsonNode d = Dashboards.read(Repo.path("grafana/dashboards/drift.json"));
        Set<String> variables = new HashSet<>();
        d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("model", "window", "feature");
        for (JsonNode p : d.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText();
                if (expr.contains("drift_") && !expr.contains("drift_events_skipped")) {
                    assertThat(expr).as("%s: a drift query selects $model", p.path("title").asText())
                            .contains("model=~\"$model\"");
                    assertThat(t.path("legendFormat").asText()).as("%s: the legend names the model", expr)
                            .contains("{{model}}");
                }
            }
        }
    }

    @Test
    void everyTemplateVariableUsedInAQueryIsDefinedAndEveryRecordingRuleUsedExists() throws Exception {
        Set<String> records = new HashSet<>(Rules.recordNames());
        Pattern recorded = Pattern.compile("\\b[a-z_]+:[a-z_]+:[a-z0-9_]+\\b");
        Pattern variable = Pattern.compile("\\$(\\w+)");
        for (Path f : Dashboards.files()) {
            JsonNode d = Dashboards.read(f);
            Set<String> defined = new HashSet<>();
            d.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    String expr = t.path("expr").asText();
                    Matcher v = variable.matcher(expr);
                    while (v.find()) {
                        assertThat(defined).as("%s: $%s is a template variable", f.getFileName(), v.group(1))
                                .contains(v.group(1));
                        assertThat(Dashboards.VARIABLES).as("the stack test knows a value for $" + v.group(1))
                                .containsKey("$" + v.group(1));
                    }
                    Matcher r = recorded.matcher(expr);
                    while (r.find()) {
                        assertThat(records).as("%s uses recording rule %s", f.getFileName(), r.group())
                                .contains(r.group());
                    }
                }
            }
        }
    }
}
