package dev.facet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerProcessLifetimeTest {

    @TempDir
    Path dir;

    @Test
    void theBrokerStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        Process parent = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(),
                "--data", dir.toString(), "--port", "0", "--controller-port", "0", "--topics", "")
                .redirectErrorStream(true)
                .start();
        ProcessHandle broker = null;
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> output.lines()
                    .filter(line -> line.contains("broker ready at")).findFirst().orElse("parent ended without it"));
            assertThat(ready.get(120, TimeUnit.SECONDS)).contains("broker ready at 127.0.0.1:");
            List<ProcessHandle> children = parent.children().toList();
            assertThat(children).hasSize(1);
            broker = children.get(0);

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent

            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            ProcessHandle orphan = broker;
            await().atMost(Duration.ofSeconds(60)).until(() -> !orphan.isAlive());
        } finally {
            parent.destroyForcibly();
            if (broker != null) {
                broker.destroyForcibly();
            }
        }
    }
}
