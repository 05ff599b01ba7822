package dev.facet.stacktests;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every address that a Compose-mounted config file sends to (Alertmanager's webhooks, Prometheus' scrape and
 * Alertmanager targets, Grafana's datasource) names a service of docker-compose.yml and a port that service
 * listens on. Compose runs nothing here, so a receiver that resolves to no container would only show as
 * silence: alerts that fire and are never delivered.
 */
class ComposeAddressesTest {

    /** The python receiver's command and health check must take their port from the environment it declares. */
    private static final Pattern READS_PORT_FROM_ENV = Pattern.compile("environ\\[['\"]PORT['\"]]|\\$\\$?\\{?PORT\\b");

    private static Map<String, Object> services() throws Exception {
        return Yaml.map(Yaml.load(Repo.path("docker-compose.yml")).get("services"));
    }

    @Test
    void everyAlertmanagerWebhookIsAComposeServiceOnAPortItListensOn() throws Exception {
        List<String> urls = new ArrayList<>();
        for (Object r : Yaml.list(Yaml.load(Repo.path("prometheus/alertmanager.yml")).get("receivers"))) {
            for (Object w : Yaml.list(Yaml.map(r).get("webhook_configs"))) {
                urls.add(String.valueOf(Yaml.map(w).get("url")));
            }
        }
        assertThat(urls).isNotEmpty();
        Map<String, Object> services = services();
        for (String url : urls) {
            URI uri = URI.create(url);
            assertReachable(services, "alertmanager.yml webhook " + url, uri.getHost(),
                    uri.getPort() == -1 ? 80 : uri.getPort());
        }
    }

    @Test
    void everyPrometheusTargetAndTheGrafanaDatasourceIsAComposeServiceOnAPortItListensOn() throws Exception {
        Map<String, Object> prom = Yaml.load(Repo.path("prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (Object job : Yaml.list(prom.get("scrape_configs"))) {
            for (Object sc : Yaml.list(Yaml.map(job).get("static_configs"))) {
                Yaml.list(Yaml.map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
            }
        }
        for (Object am : Yaml.list(Yaml.map(prom.get("alerting")).get("alertmanagers"))) {
            for (Object sc : Yaml.list(Yaml.map(am).get("static_configs"))) {
                Yaml.list(Yaml.map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
            }
        }
        assertThat(targets).hasSizeGreaterThanOrEqualTo(4);
        Map<String, Object> services = services();
        for (String t : targets) {
            int colon = t.lastIndexOf(':');
            assertReachable(services, "prometheus.yml target " + t, t.substring(0, colon),
                    Integer.parseInt(t.substring(colon + 1)));
        }
        for (Object ds : Yaml.list(Yaml.load(Repo.path("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources"))) {
            URI uri = URI.create(String.valueOf(Yaml.map(ds).get("url")));
            assertReachable(services, "Grafana datasource " + uri, uri.getHost(), uri.getPort());
        }
    }

    @Test
    void anImageServiceWhosePortIsInItsEnvironmentServesAndIsCheckedOnThatPort() throws Exception {
        // otherwise PORT would be a label, and the listener could move without the address test noticing
        int checked = 0;
        for (Map.Entry<String, Object> e : services().entrySet()) {
            Map<String, Object> s = Yaml.map(e.getValue());
            if (s.containsKey("build") || environment(s).get("PORT") == null) {
                continue;
            }
            assertThat(String.valueOf(s.get("command"))).as(e.getKey() + " command").containsPattern(READS_PORT_FROM_ENV);
            assertThat(String.valueOf(Yaml.map(s.get("healthcheck")).get("test"))).as(e.getKey() + " health check")
                    .containsPattern(READS_PORT_FROM_ENV);
            checked++;
        }
        assertThat(checked).as("the alert receiver declares its port this way").isPositive();
    }

    @Test
    void theListeningPortsOfAServiceComeFromItsBuildArgumentsEnvironmentExposeAndPorts() {
        Map<String, Object> s = Map.of(
                "build", Map.of("args", Map.of("PORT", 8080)),
                "environment", List.of("PORT=5001", "OTHER=1"),
                "expose", List.of("7000", 7001),
                "ports", List.of("9093:9093", "127.0.0.1:3000:3001/tcp"));
        assertThat(listeningPorts(s)).containsExactly(3001, 5001, 7000, 7001, 8080, 9093);
        assertThat(listeningPorts(Map.of("image", "x"))).isEmpty();
    }

    private static void assertReachable(Map<String, Object> services, String what, String host, int port) {
        assertThat(services).as(what + ": host " + host + " is a Compose service").containsKey(host);
        assertThat(listeningPorts(Yaml.map(services.get(host))))
                .as(what + ": port " + port + " is one " + host + " listens on").contains(port);
    }

    /**
     * The container ports a service declares: the Dockerfile's {@code PORT} build argument (its server's port
     * and EXPOSE), a {@code PORT} environment variable, {@code expose}, and the container side of {@code ports}.
     */
    static Set<Integer> listeningPorts(Map<String, Object> service) {
        Set<Integer> ports = new TreeSet<>();
        if (service.get("build") instanceof Map<?, ?> build) {
            addPort(ports, Yaml.map(Yaml.map(build).get("args")).get("PORT"));
        }
        addPort(ports, environment(service).get("PORT"));
        Yaml.list(service.get("expose")).forEach(p -> addPort(ports, p));
        for (Object p : Yaml.list(service.get("ports"))) {
            String mapping = String.valueOf(p);
            addPort(ports, mapping.substring(mapping.lastIndexOf(':') + 1));
        }
        return ports;
    }

    private static void addPort(Set<Integer> ports, Object value) {
        if (value != null) {
            ports.add(Integer.parseInt(String.valueOf(value).replaceFirst("/(tcp|udp)$", "")));
        }
    }

    /** Compose's environment, in either of its two forms (a map, or a list of KEY=value). */
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        if (env instanceof List<?> list) {
            Map<String, Object> out = new HashMap<>();
            for (Object kv : list) {
                String s = String.valueOf(kv);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
            return out;
        }
        return Yaml.map(env);
    }
}
