package dev.facet.stacktests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Copies of the repository's alerting configuration with only the waits shortened, so the end-to-end alert path
 * fits in a test: every alert's {@code for:} (minutes in prometheus/rules) becomes {@link #FOR}, and
 * alertmanager.yml's {@code group_wait} and {@code group_interval} (wherever a route sets them) become
 * {@link #GROUP_WAIT} and {@link #GROUP_INTERVAL}. Every {@code webhook_configs} URL is pointed at the test's
 * webhook, whatever it is in the file. Everything else is copied as it is: expressions, labels, annotations,
 * recording rules, routes, matchers, receivers, {@code send_resolved}, inhibit rules, {@code repeat_interval}.
 * The real {@code for:} durations are covered by promtool's unit tests (prometheus/tests/).
 */
final class ShortAlerting {

    /** Long enough to pass through "pending" on a 1 s evaluation, short enough for CI. */
    static final Duration FOR = Duration.ofSeconds(5);
    static final Duration GROUP_WAIT = Duration.ofSeconds(1);
    /** Also how long after its alert resolves a resolved notification can take. */
    static final Duration GROUP_INTERVAL = Duration.ofSeconds(2);

    private ShortAlerting() {
    }

    /** Writes every prometheus/rules/*.yml into {@code dir} under its own name, alerts' {@code for:} shortened. */
    static Path rules(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path file : Rules.files()) {
            Map<String, Object> doc = Yaml.load(file);
            for (Object g : Yaml.list(doc.get("groups"))) {
                for (Object r : Yaml.list(Yaml.map(g).get("rules"))) {
                    Map<String, Object> rule = Yaml.map(r);
                    if (rule.containsKey("alert")) {
                        // only a hold that exists is shortened: an alert without one fires on its first evaluation
                        rule.computeIfPresent("for", (k, v) -> seconds(FOR));
                    }
                }
            }
            Files.writeString(dir.resolve(file.getFileName()), dump(doc));
        }
        return dir;
    }

    /**
     * Writes prometheus/alertmanager.yml to {@code file} with the group waits shortened and each receiver's
     * webhook URLs replaced by {@code urlFor.apply(receiver name)}.
     */
    static Path alertmanager(Path file, Function<String, String> urlFor) throws IOException {
        Map<String, Object> doc = Yaml.load(Repo.path("prometheus/alertmanager.yml"));
        Map<String, Object> root = Yaml.map(doc.get("route"));
        // the root route's values are what every child inherits; a child that sets its own gets it shortened too
        root.put("group_wait", seconds(GROUP_WAIT));
        root.put("group_interval", seconds(GROUP_INTERVAL));
        shortenChildren(root);
        int urls = 0;
        for (Object r : Yaml.list(doc.get("receivers"))) {
            Map<String, Object> receiver = Yaml.map(r);
            for (Object w : Yaml.list(receiver.get("webhook_configs"))) {
                Yaml.map(w).put("url", urlFor.apply((String) receiver.get("name")));
                urls++;
            }
        }
        if (urls == 0) {
            throw new IllegalStateException("prometheus/alertmanager.yml has no webhook_configs to point at the test");
        }
        Files.writeString(file, dump(doc));
        return file;
    }

    private static void shortenChildren(Map<String, Object> route) {
        for (Object c : Yaml.list(route.get("routes"))) {
            Map<String, Object> child = Yaml.map(c);
            child.computeIfPresent("group_wait", (k, v) -> seconds(GROUP_WAIT));
            child.computeIfPresent("group_interval", (k, v) -> seconds(GROUP_INTERVAL));
            shortenChildren(child);
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static String dump(Map<String, Object> doc) {
        return "# written by stack-tests' ShortAlerting from the repository's file: only the waits and URLs differ\n"
                + Yaml.dump(doc);
    }
}
