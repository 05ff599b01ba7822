package dev.facet.stacktests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** promtool over prometheus/, plus the conventions promtool does not check (STYLE.md, issue 6). */
class PrometheusConfigTest {

    @Test
    void promtoolAcceptsTheComposeScrapeConfigurationWithItsRules(@TempDir Path tmp) throws Exception {
        // a copy, as in the container: rule_files are resolved relative to the config file
        Files.copy(Repo.path("prometheus/prometheus.yml"), tmp.resolve("prometheus.yml"));
        Files.createDirectories(tmp.resolve("rules"));
        for (Path f : Rules.files()) {
            Files.copy(f, tmp.resolve("rules").resolve(f.getFileName()));
        }
        Tools.Result r = Tools.promtool(tmp, "check", "config", "prometheus.yml");
        assertThat(r.exit()).as("promtool check config:\n%s", r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void promtoolAcceptsEveryRuleFile() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        Rules.files().forEach(f -> args.add(f.toString()));
        assertThat(args).hasSizeGreaterThan(2);
        Tools.Result r = Tools.promtool(Repo.root(), args.toArray(String[]::new));
        assertThat(r.exit()).as("promtool check rules:\n%s", r.output()).isZero();
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        try (var s = Files.list(Repo.path("prometheus/tests"))) {
            s.filter(p -> p.toString().endsWith("-test.yml")).sorted().forEach(p -> args.add(p.toString()));
        }
        assertThat(args).hasSizeGreaterThan(2);
        Tools.Result r = Tools.promtool(Repo.root(), args.toArray(String[]::new));
        assertThat(r.exit()).as("promtool test rules:\n%s", r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasTheRequiredLabelsAnnotationsAndARunbookSection() throws Exception {
        String runbook = Files.readString(Repo.path("docs/runbook.md"));
        Set<String> anchors = new HashSet<>();
        Matcher h = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(runbook);
        while (h.find()) {
            anchors.add(h.group(1).trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        List<Map<String, Object>> alerts = Rules.alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        Set<String> names = new HashSet<>();
        for (Map<String, Object> a : alerts) {
            String name = (String) a.get("alert");
            assertThat(names.add(name)).as("alert names are unique: %s", name).isTrue();
            assertThat(name).as("CamelCase").matches("[A-Z][A-Za-z0-9]+");
            assertThat(a).as(name).containsKey("for");
            assertThat(Yaml.map(a.get("labels")).get("severity")).as(name + " severity").isIn("critical", "warning");
            Map<String, Object> ann = Yaml.map(a.get("annotations"));
            assertThat((String) ann.get("summary")).as(name + " summary").isNotBlank();
            assertThat((String) ann.get("description")).as(name + " description templates its labels")
                    .contains("{{ $labels.");
            String url = (String) ann.get("runbook_url");
            assertThat(url).as(name + " runbook_url").contains("docs/runbook.md#");
            String anchor = url.substring(url.indexOf('#') + 1);
            assertThat(anchors).as(name + ": docs/runbook.md has a section #" + anchor).contains(anchor);
        }
    }

    @Test
    void everyAlertHasAFiringAndANotFiringUnitTest() throws Exception {
        List<String> testNames = new ArrayList<>();
        List<String> records = Rules.recordNames();
        try (var s = Files.list(Repo.path("prometheus/tests"))) {
            for (Path p : s.filter(f -> f.toString().endsWith("-test.yml")).toList()) {
                for (Object t : Yaml.list(Yaml.load(p).get("tests"))) {
                    Map<String, Object> test = Yaml.map(t);
                    String name = String.valueOf(test.get("name"));
                    if (test.get("alert_rule_test") == null && test.get("promql_expr_test") != null) {
                        // a recording rule's arithmetic (facet-recording-test.yml): it must check recorded series
                        for (Object c : Yaml.list(test.get("promql_expr_test"))) {
                            assertThat(records).as(name).contains(String.valueOf(Yaml.map(c).get("expr")));
                        }
                        continue;
                    }
                    testNames.add(name);
                    // a named test must actually test an alert of its name
                    String alert = name.split(" ")[0];
                    assertThat(Yaml.list(test.get("alert_rule_test"))).as(name)
                            .anySatisfy(c -> assertThat(Yaml.map(c).get("alertname")).isEqualTo(alert));
                }
            }
        }
        for (Map<String, Object> a : Rules.alerts()) {
            String name = (String) a.get("alert");
            assertThat(testNames).as(name).anyMatch(t -> t.startsWith(name + " fires when "));
            assertThat(testNames).as(name).anyMatch(t -> t.startsWith(name + " does not fire when "));
        }
    }

    @Test
    void recordingRulesAreNamedLevelMetricOperationsAndKeepJob() throws Exception {
        for (Map<String, Object> r : Rules.all()) {
            if (!r.containsKey("record")) {
                continue;
            }
            String name = (String) r.get("record");
            String expr = (String) r.get("expr");
            assertThat(name).as("level:metric:operations").matches("[a-z_]+:[a-z][a-z0-9_]*:[a-z0-9_]+");
            if (name.startsWith("job")) {
                assertThat(expr).as(name + " keeps job").containsPattern("by \\([^)]*\\bjob\\b|\\bjob[a-z_]*:[a-z_]+:");
            }
        }
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfiguration() throws Exception {
        Path amtool = Path.of(System.getenv().getOrDefault("AMTOOL", "/usr/bin/amtool"));
        assertThat(Files.isExecutable(amtool)).as("%s is missing: install it with `apt-get install "
                + "prometheus-alertmanager` (Debian package, brings amtool), or point $AMTOOL at the binary", amtool)
                .isTrue();
        Tools.Result r = Tools.run(Repo.root(), List.of(amtool.toString(), "check-config", "prometheus/alertmanager.yml"), null);
        assertThat(r.exit()).as("amtool check-config:\n%s", r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void alertmanagerRoutesEachSeverityToADeclaredWebhookReceiver() throws IOException {
        Map<String, Object> am = Yaml.load(Repo.path("prometheus/alertmanager.yml"));
        Set<String> receivers = new HashSet<>();
        for (Object r : Yaml.list(am.get("receivers"))) {
            Map<String, Object> rec = Yaml.map(r);
            assertThat(Yaml.list(rec.get("webhook_configs"))).as("receiver %s", rec.get("name")).isNotEmpty();
            receivers.add((String) rec.get("name"));
        }
        Map<String, Object> route = Yaml.map(am.get("route"));
        assertThat(receivers).contains((String) route.get("receiver"));
        Set<String> severities = new HashSet<>();
        for (Object o : Yaml.list(route.get("routes"))) {
            Map<String, Object> sub = Yaml.map(o);
            assertThat(receivers).contains((String) sub.get("receiver"));
            for (Object m : Yaml.list(sub.get("matchers"))) {
                Matcher sm = Pattern.compile("severity=\"(\\w+)\"").matcher((String) m);
                if (sm.find()) {
                    severities.add(sm.group(1));
                }
            }
        }
        Set<String> used = new HashSet<>();
        for (Map<String, Object> a : Rules.alerts()) {
            used.add((String) Yaml.map(a.get("labels")).get("severity"));
        }
        assertThat(severities).as("every severity the alerts use has a route").containsAll(used);
    }
}
