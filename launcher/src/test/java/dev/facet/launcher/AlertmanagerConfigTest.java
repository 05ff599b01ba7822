package dev.facet.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's copy of prometheus/alertmanager.yml differs from the repository's in the webhook URLs only. */
class AlertmanagerConfigTest {

    /** Surefire runs in the module's directory; the file is at the repository root. */
    private static final Path REPO_FILE = Path.of("..", "prometheus", "alertmanager.yml").toAbsolutePath().normalize();

    @Test
    void everyWebhookUrlPointsAtTheLauncherUnderItsReceiversName() throws IOException {
        Map<String, Object> copy = load(AlertmanagerConfig.localCopy(REPO_FILE, r -> "http://127.0.0.1:1/" + r));

        List<String> urls = new ArrayList<>();
        for (Object r : AlertmanagerConfig.list(copy.get("receivers"))) {
            Map<String, Object> receiver = AlertmanagerConfig.map(r);
            for (Object w : AlertmanagerConfig.list(receiver.get("webhook_configs"))) {
                String url = (String) AlertmanagerConfig.map(w).get("url");
                assertThat(url).as("receiver %s", receiver.get("name")).isEqualTo("http://127.0.0.1:1/" + receiver.get("name"));
                urls.add(url);
            }
        }
        assertThat(urls).as("the repository's receivers").hasSize(webhookCount(load(Files.readString(REPO_FILE))));
        assertThat(urls).containsExactlyInAnyOrder("http://127.0.0.1:1/pages", "http://127.0.0.1:1/tickets");
    }

    @Test
    void everythingButTheUrlsIsTheRepositorysFile() throws IOException {
        Map<String, Object> repo = load(Files.readString(REPO_FILE));
        Map<String, Object> copy = load(AlertmanagerConfig.localCopy(REPO_FILE, r -> "http://127.0.0.1:1/" + r));

        blankUrls(repo);
        blankUrls(copy);
        assertThat(copy).isEqualTo(repo);
        // the things the local stack should show as Compose does, named so a failure says which
        assertThat(AlertmanagerConfig.map(copy.get("route"))).containsEntry("group_wait", "30s");
        assertThat(copy).containsKey("inhibit_rules");
    }

    @Test
    void theTestOnlyGroupWaitChangesTheRootRoutesWaitAndNothingElse() throws IOException {
        Map<String, Object> plain = load(AlertmanagerConfig.localCopy(REPO_FILE, r -> "http://x/" + r));
        Map<String, Object> quick = load(AlertmanagerConfig.localCopy(REPO_FILE, r -> "http://x/" + r, Duration.ofSeconds(1)));

        assertThat(AlertmanagerConfig.map(quick.get("route"))).containsEntry("group_wait", "1s");
        AlertmanagerConfig.map(quick.get("route")).put("group_wait", "30s");
        assertThat(quick).isEqualTo(plain);
    }

    @Test
    void aFileWithoutWebhooksIsRefusedRatherThanAlertingNowhere(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("alertmanager.yml"), """
                route:
                  receiver: nobody
                receivers:
                  - name: nobody
                """);
        assertThatThrownBy(() -> AlertmanagerConfig.localCopy(file, r -> "http://x/" + r))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no webhook_configs");
    }

    private static void blankUrls(Map<String, Object> doc) {
        for (Object r : AlertmanagerConfig.list(doc.get("receivers"))) {
            for (Object w : AlertmanagerConfig.list(AlertmanagerConfig.map(r).get("webhook_configs"))) {
                AlertmanagerConfig.map(w).put("url", "");
            }
        }
    }

    private static int webhookCount(Map<String, Object> doc) {
        int n = 0;
        for (Object r : AlertmanagerConfig.list(doc.get("receivers"))) {
            n += AlertmanagerConfig.list(AlertmanagerConfig.map(r).get("webhook_configs")).size();
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
