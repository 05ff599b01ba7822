package dev.facet.simulator;

import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.schema.Task;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.TrainCommand;
import dev.facet.trainer.data.GeneratedCsv;
import dev.facet.trainer.data.TaskType;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding a model in a repository and reading its held-out rows from the data its ids refer to. */
class ModelRowsTest {

    @TempDir
    static Path repository;

    @BeforeAll
    static void bothModels() throws IOException {
        SmallModel.writeVersion(repository.resolve(SmallModel.NAME), "1");
        SmallPenguins.copyInto(repository);
    }

    @Test
    void aNamedModelsHeldOutRowsComeFromItsNewestBundle() {
        ModelRows.Replay penguins = ModelRows.load(repository, "penguins", null);
        assertThat(penguins.name()).isEqualTo("penguins");
        assertThat(penguins.bundle()).isEqualTo(repository.resolve("penguins").resolve("1"));
        assertThat(penguins.rows().schema().task()).isInstanceOf(Task.Classification.class);
        assertThat(penguins.rows().rows()).hasSize(SmallPenguins.bundle().heldOut().rows().length);

        ModelRows.Replay diamonds = ModelRows.load(repository, SmallModel.NAME, null);
        assertThat(diamonds.rows().rows()).as("the rows the trainer held out, read independently")
                .isEqualTo(HeldOut.diamonds(SmallModel.heldOut()).rows());
    }

    @Test
    void withoutANameTheDiamondsModelIsReplayedAsBefore() {
        assertThat(ModelRows.load(repository, null, null).name()).isEqualTo(SmallModel.NAME);
    }

    @Test
    void theOlderOneModelLayoutStillWorksWithOrWithoutTheName() {
        assertThat(ModelRows.load(SmallModel.root(), null, null).bundle()).isEqualTo(SmallModel.dir());
        assertThat(ModelRows.load(SmallModel.root(), SmallModel.NAME, null).name()).isEqualTo(SmallModel.NAME);
        assertThatThrownBy(() -> ModelRows.load(SmallModel.root(), "penguins", null))
                .hasMessageContaining("no model 'penguins'").hasMessageContaining("one model, 'diamond-price-rf'");
    }

    @Test
    void anUnknownModelIsRefusedNamingTheModelsThere(@TempDir Path empty) throws IOException {
        assertThatThrownBy(() -> ModelRows.load(repository, "iris", null))
                .hasMessageContaining("no model 'iris'").hasMessageContaining("[diamond-price-rf, penguins]");
        assertThatThrownBy(() -> ModelRows.load(repository, "../penguins", null)).hasMessageContaining("--model");
        assertThatThrownBy(() -> ModelRows.load(empty, null, null)).hasMessageContaining("no model bundle under")
                .hasMessageContaining("./run.sh");
        Path two = Files.createDirectories(empty.resolve("two"));
        SmallPenguins.copyInto(two);
        Path birds = Files.createDirectories(two.resolve("birds").resolve("1"));
        try (var files = Files.list(SmallPenguins.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, birds.resolve(f.getFileName()));
            }
        }
        assertThatThrownBy(() -> ModelRows.load(two, null, null)).hasMessageContaining("several models")
                .hasMessageContaining("--model");
    }

    @Test
    void aModelOfYourOwnReplaysRowsOfTheFileItWasTrainedOn(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("gizmos.csv");
        Files.writeString(csv, GeneratedCsv.of(5, 300));
        Path root = tmp.resolve("models");
        TrainCommand.trainGeneric(root.resolve("gizmos").resolve("1"), csv.toString(), "verdict",
                TaskType.CLASSIFICATION, null, Set.of(), ForestConfig.SMALL, "gizmos", "1",
                new PrintWriter(new StringWriter()));

        assertThatThrownBy(() -> ModelRows.load(root, "gizmos", null))
                .hasMessageContaining("not one of the committed data sets").hasMessageContaining("--data");
        Path penguins = tmp.resolve("penguins.csv.gz");
        Files.write(penguins, BundledData.class.getResourceAsStream(BundledData.PENGUINS.resource()).readAllBytes());
        assertThatThrownBy(() -> ModelRows.load(root, "gizmos", penguins))
                .hasMessageContaining("--data " + penguins).hasMessageContaining("the file the model was trained on");

        ModelRows.Replay own = ModelRows.load(root, "gizmos", csv);
        assertThat(own.rows().schema().names()).containsExactly("wobble", "gizmo_count", "habitat, broad");
        assertThat(own.rows().rows()).isNotEmpty().allSatisfy(r ->
                assertThat(r.actual()).isIn("keep", "toss", "maybe"));
    }
}
