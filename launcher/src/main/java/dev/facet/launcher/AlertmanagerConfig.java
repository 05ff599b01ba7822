package dev.facet.launcher;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The localhost variant of prometheus/alertmanager.yml: the repository's routes, receivers, inhibit rules and
 * timings as they are, with only each {@code webhook_configs} URL pointed at the launcher's {@link AlertLog}
 * (in Compose they go to the alert-webhook container, a host name that does not exist outside Compose).
 */
final class AlertmanagerConfig {

    private AlertmanagerConfig() {
    }

    /**
     * The repository's file with every webhook URL of a receiver replaced by {@code urlFor.apply(receiver name)}.
     *
     * @throws IllegalStateException when the file has no webhook to point at the launcher, which would otherwise
     *                               start an Alertmanager whose notifications silently go nowhere
     */
    static String localCopy(Path source, Function<String, String> urlFor) throws IOException {
        return localCopy(source, urlFor, null);
    }

    /**
     * As {@link #localCopy(Path, Function)}, and when {@code groupWait} is not null, with the root route's
     * {@code group_wait} set to it. Test-only: the repository's 30 s wait before a group's first notification
     * is what the local stack should show, but it is most of a test's run time.
     */
    static String localCopy(Path source, Function<String, String> urlFor, Duration groupWait) throws IOException {
        Map<String, Object> doc = map(yaml(new DumperOptions()).load(Files.readString(source)));
        if (groupWait != null) {
            map(doc.get("route")).put("group_wait", groupWait.toSeconds() + "s");
        }
        int urls = 0;
        for (Object r : list(doc.get("receivers"))) {
            Map<String, Object> receiver = map(r);
            for (Object w : list(receiver.get("webhook_configs"))) {
                map(w).put("url", urlFor.apply(String.valueOf(receiver.get("name"))));
                urls++;
            }
        }
        if (urls == 0) {
            throw new IllegalStateException(source + " has no webhook_configs url to point at the launcher");
        }
        return "# written by facet-launcher from " + source.getFileName() + ": only the webhook URLs differ\n"
                + dump(doc);
    }

    /** Block style with long lines kept whole, so the written copy reads like the repository's file. */
    private static String dump(Map<String, Object> doc) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(1000);
        return yaml(options).dump(doc);
    }

    // the safe constructor builds only maps, lists and scalars, whatever tags the file carries
    private static Yaml yaml(DumperOptions options) {
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalStateException("expected a YAML mapping, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
