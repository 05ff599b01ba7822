package dev.facet.launcher;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.RepositoryLayout;
import dev.facet.contracts.schema.Task;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.testing.SmallModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The first run's models: both trained into the repository layout, never over a model that is there. */
class DefaultModelsTest {

    private final List<String> said = new ArrayList<>();

    @Test
    void anEmptyRepositoryGetsTheDiamondsRegressorAndThePenguinsClassifier(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("models");
        DefaultModels.Outcome outcome = DefaultModels.ensure(root, ForestConfig.SMALL, said::add);

        Path diamonds = root.resolve("diamond-price-rf").resolve("1");
        Path penguins = root.resolve("penguins").resolve("1");
        assertThat(outcome.olderLayout()).isEmpty();
        assertThat(outcome.trained()).containsExactly(diamonds, penguins);
        assertThat(RepositoryLayout.bundles(root)).containsExactly(diamonds, penguins);
        BundleMetadata d = BundleMetadata.load(diamonds);
        assertThat(d.name()).isEqualTo("diamond-price-rf");
        assertThat(d.schema().task()).isEqualTo(new Task.Regression("price", "USD"));
        BundleMetadata p = BundleMetadata.load(penguins);
        assertThat(p.name()).isEqualTo("penguins");
        assertThat(p.version()).isEqualTo("1");
        assertThat(p.schema().task()).isInstanceOfSatisfying(Task.Classification.class, c -> {
            assertThat(c.target()).isEqualTo("species");
            assertThat(c.labels()).containsExactlyInAnyOrder("Adelie", "Chinstrap", "Gentoo");
        });
        assertThat(p.heldOut().seed()).as("seeded by the config").isEqualTo(ForestConfig.SMALL.seed());
        assertThat(said).hasSize(2);

        said.clear();
        assertThat(DefaultModels.ensure(root, ForestConfig.SMALL, said::add).trained()).as("second run").isEmpty();
        assertThat(said).isEmpty();
    }

    @Test
    void aModelThatIsThereIsNeitherRetrainedNorReplaced(@TempDir Path root) throws IOException {
        SmallModel.writeVersion(root.resolve("diamond-price-rf"), "7");
        Path manifest = root.resolve("diamond-price-rf").resolve("7").resolve("bundle.json");
        byte[] before = Files.readAllBytes(manifest);

        DefaultModels.Outcome outcome = DefaultModels.ensure(root, ForestConfig.SMALL, said::add);

        assertThat(outcome.trained()).containsExactly(root.resolve("penguins").resolve("1"));
        assertThat(root.resolve("diamond-price-rf")).isDirectoryNotContaining(p -> p.endsWith("1"));
        assertThat(Files.readAllBytes(manifest)).isEqualTo(before);
    }

    @Test
    void anOlderLayoutIsServedAsItIsAndItsMigrationCommandWorks(@TempDir Path tmp)
            throws IOException, InterruptedException {
        Path root = tmp.resolve("models");
        SmallModel.writeVersion(root, "1");

        DefaultModels.Outcome outcome = DefaultModels.ensure(root, ForestConfig.SMALL, said::add);

        assertThat(outcome.olderLayout()).contains(root.resolve("1"));
        assertThat(outcome.trained()).isEmpty();
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).as("nothing moved or added")
                    .containsExactly("1");
        }
        String hint = DefaultModels.migrationHint(root, root.resolve("1"), "diamond-price-rf");
        String command = DefaultModels.migrationCommand(root, root.resolve("1"), "diamond-price-rf");
        assertThat(hint).contains("older one-model layout").contains(command);

        run(command, tmp);
        assertThat(BundleMetadata.resolve(root)).as("no longer the older layout").isEmpty();
        assertThat(RepositoryLayout.bundles(root)).containsExactly(root.resolve("diamond-price-rf").resolve("1"));
        BundleMetadata.load(root.resolve("diamond-price-rf").resolve("1")); // every checksum still holds
    }

    @Test
    void aRootThatIsABundleItselfMigratesToo(@TempDir Path tmp) throws IOException, InterruptedException {
        SmallModel.writeVersion(tmp, "models");
        Path root = tmp.resolve("models");
        assertThat(DefaultModels.ensure(root, ForestConfig.SMALL, said::add).olderLayout()).contains(root);

        run(DefaultModels.migrationCommand(root, root, "diamond-price-rf"), tmp);
        assertThat(RepositoryLayout.bundles(root)).containsExactly(root.resolve("diamond-price-rf").resolve("1"));
    }

    private static void run(String command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + ": " + out).isZero();
    }
}
