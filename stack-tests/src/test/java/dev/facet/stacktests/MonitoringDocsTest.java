package dev.facet.stacktests;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the READMEs and the Grafana datasource say about the Prometheus and Alertmanager configuration, read
 * from both sides: the scrape interval, and the receivers each severity goes to.
 */
class MonitoringDocsTest {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern RANGE = Pattern.compile("\\[(\\d+(?:ms|s|m|h|d))]");

    @Test
    void theScrapeIntervalIsTheOneTheGrafanaDatasourceAndTheDocsState() throws Exception {
        Map<String, Object> prom = Yaml.load(Repo.path("prometheus/prometheus.yml"));
        Map<String, Object> global = Yaml.map(prom.get("global"));
        Duration scrape = duration(String.valueOf(global.get("scrape_interval")));
        for (Object job : Yaml.list(prom.get("scrape_configs"))) {
            Object own = Yaml.map(job).get("scrape_interval");
            if (own != null) {
                assertThat(duration(String.valueOf(own))).as("scrape_interval of job %s", Yaml.map(job).get("job_name"))
                        .isEqualTo(scrape);
            }
        }
        Duration evaluation = duration(String.valueOf(global.get("evaluation_interval")));

        Map<String, Object> ds = Yaml.map(Yaml.list(Yaml.load(Repo.path("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources")).get(0));
        // Grafana's $__interval and $__rate_interval never go below this, so it must be the real scrape interval
        assertThat(duration(String.valueOf(Yaml.map(ds.get("jsonData")).get("timeInterval"))))
                .as("Grafana datasource timeInterval").isEqualTo(scrape);

        String promReadmeRow = tableRow("prometheus/README.md", "`prometheus.yml`");
        assertThat(stated(promReadmeRow, "(?<!rules )every (\\d+) s")).as("prometheus/README.md scrape").isEqualTo(scrape);
        assertThat(stated(promReadmeRow, "rules every (\\d+) s")).as("prometheus/README.md rules").isEqualTo(evaluation);
        assertThat(stated(Files.readString(Repo.path("grafana/README.md")), "time interval (\\d+) s"))
                .as("grafana/README.md").isEqualTo(scrape);
        assertThat(stated(Files.readString(Repo.path("README.md")), "scrape /metrics every (\\d+) s"))
                .as("README.md architecture").isEqualTo(scrape);
    }

    @Test
    void everyRangeInTheRulesAndDashboardsHoldsAtLeastFourScrapes() throws Exception {
        // rate() needs two samples in its range; four rides out a missed scrape (Prometheus' own guidance)
        Duration scrape = duration(String.valueOf(Yaml.map(Yaml.load(Repo.path("prometheus/prometheus.yml"))
                .get("global")).get("scrape_interval")));
        List<String> exprs = new ArrayList<>();
        Rules.all().forEach(r -> exprs.add(String.valueOf(r.get("expr"))));
        Dashboards.queries().forEach(q -> exprs.add(q.expr()));
        int ranges = 0;
        for (String e : exprs) {
            Matcher m = RANGE.matcher(e);
            while (m.find()) {
                assertThat(duration(m.group(1))).as(e).isGreaterThanOrEqualTo(scrape.multipliedBy(4));
                ranges++;
            }
        }
        assertThat(ranges).isPositive();
    }

    @Test
    void thePrometheusReadmeRoutesEachSeverityToTheReceiverAlertmanagerYmlDoes() throws Exception {
        Map<String, Object> am = Yaml.load(Repo.path("prometheus/alertmanager.yml"));
        Set<String> declared = new HashSet<>();
        Yaml.list(am.get("receivers")).forEach(r -> declared.add(String.valueOf(Yaml.map(r).get("name"))));
        Map<String, String> routed = new HashMap<>();
        Pattern severity = Pattern.compile("severity=\"(\\w+)\"");
        for (Object o : Yaml.list(Yaml.map(am.get("route")).get("routes"))) {
            Map<String, Object> sub = Yaml.map(o);
            for (Object m : Yaml.list(sub.get("matchers"))) {
                Matcher sm = severity.matcher(String.valueOf(m));
                if (sm.find()) {
                    routed.put(sm.group(1), String.valueOf(sub.get("receiver")));
                }
            }
        }

        // the README's row reads "`severity=critical` → `pages` ..., `warning` → `tickets` ..."
        String row = tableRow("prometheus/README.md", "`alertmanager.yml`");
        Map<String, String> documented = new HashMap<>();
        Matcher m = Pattern.compile("`(?:severity=)?(\\w+)` → `([\\w-]+)`").matcher(row);
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        assertThat(documented).as("prometheus/README.md: severity → receiver").isEqualTo(routed);
        assertThat(new HashSet<>(documented.values())).as("receivers prometheus/README.md names")
                .isEqualTo(declared);
    }

    @Test
    void durationsReadAsPrometheusWritesThem() {
        assertThat(duration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(duration("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    /** A Prometheus duration of one unit, as the files here write them ({@code 5s}, {@code 5m}, {@code 1h}). */
    static Duration duration(String s) {
        Matcher m = DURATION.matcher(s.trim());
        assertThat(m.matches()).as("a Prometheus duration: %s", s).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The seconds a text states with {@code regex} (one group, the number), exactly once. */
    private static Duration stated(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("states /%s/", regex).isTrue();
        Duration d = Duration.ofSeconds(Long.parseLong(m.group(1)));
        assertThat(m.find()).as("states /%s/ once", regex).isFalse();
        return d;
    }

    /** The table row of a README whose first cell is {@code firstCell}. */
    private static String tableRow(String readme, String firstCell) throws Exception {
        return Files.readAllLines(Repo.path(readme)).stream().filter(l -> l.startsWith("| " + firstCell + " |"))
                .findFirst().orElseThrow(() -> new AssertionError(readme + " has no row for " + firstCell));
    }
}
