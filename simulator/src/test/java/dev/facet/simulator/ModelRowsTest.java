package dev.facet.simulator;

import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.Task;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Row;
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
        ModelRows.Replay penguins = ModelRows.load(repository, "penguins", null, RowChoice.HELDOUT);
        assertThat(penguins.name()).isEqualTo("penguins");
        assertThat(penguins.bundle()).isEqualTo(repository.resolve("penguins").resolve("1"));
        assertThat(penguins.rows().schema().task()).isInstanceOf(Task.Classification.class);
        assertThat(penguins.rows().rows()).hasSize(SmallPenguins.bundle().heldOut().rows().length);

        ModelRows.Replay diamonds = ModelRows.load(repository, SmallModel.NAME, null, RowChoice.HELDOUT);
        assertThat(diamonds.rows().rows()).as("the rows the trainer held out, read independently")
                .isEqualTo(HeldOut.diamonds(SmallModel.heldOut()).rows());
    }

    @Test
    void withoutANameTheDiamondsModelIsReplayedAsBefore() {
        ModelRows.Replay diamonds = ModelRows.load(repository, null, null, RowChoice.AUTO);
        assertThat(diamonds.name()).isEqualTo(SmallModel.NAME);
        assertThat(diamonds.choice()).as("10,788 held-out rows are enough: auto keeps them").isEqualTo(RowChoice.HELDOUT);
        assertThat(diamonds.rows().rows()).isEqualTo(HeldOut.diamonds(SmallModel.heldOut()).rows());
        assertThat(diamonds.why()).contains("10788 held-out rows").contains("--rows auto").contains("at least 1000");
    }

    @Test
    void autoReplaysHeldOutRowsFromAThousandOnAndEveryRowBelow() {
        assertThat(RowChoice.AUTO.resolve(999)).isEqualTo(RowChoice.ALL);
        assertThat(RowChoice.AUTO.resolve(RowChoice.ENOUGH_HELD_OUT)).isEqualTo(RowChoice.HELDOUT);
        assertThat(RowChoice.AUTO.resolve(10_788)).isEqualTo(RowChoice.HELDOUT);
        assertThat(RowChoice.HELDOUT.resolve(69)).isEqualTo(RowChoice.HELDOUT);
        assertThat(RowChoice.ALL.resolve(10_788)).isEqualTo(RowChoice.ALL);
        assertThat(RowChoice.parse("All")).isEqualTo(RowChoice.ALL);
        assertThatThrownBy(() -> RowChoice.parse("some")).hasMessageContaining("--rows")
                .hasMessageContaining("heldout, all or auto");
    }

    @Test
    void autoReplaysEveryPenguinBecauseItsHeldOutRowsAreTooFew() {
        int heldOut = SmallPenguins.bundle().heldOut().rows().length;
        assertThat(heldOut).isLessThan(RowChoice.ENOUGH_HELD_OUT);
        ModelRows.Replay auto = ModelRows.load(repository, "penguins", null, RowChoice.AUTO);
        assertThat(auto.choice()).isEqualTo(RowChoice.ALL);
        assertThat(auto.rows().rows()).isEqualTo(ModelRows.load(repository, "penguins", null, RowChoice.ALL).rows().rows());
        assertThat(auto.why()).contains("every one of the " + BundledData.PENGUINS.table().size() + " data rows")
                .contains("optimistic").contains("fewer than 1000 held-out rows").contains("--rows heldout");
        assertThat(ModelRows.load(repository, "penguins", null, RowChoice.HELDOUT).why())
                .contains("the " + heldOut + " held-out rows").contains("--rows heldout");
    }

    @Test
    void allReadsEveryDataRowWithItsTrueActual() {
        Table table = BundledData.PENGUINS.table();
        ModelRows.Replay all = ModelRows.load(repository, "penguins", null, RowChoice.ALL);
        assertThat(all.choice()).isEqualTo(RowChoice.ALL);
        assertThat(all.rows().rows()).hasSize(table.size()).hasSizeGreaterThan(SmallPenguins.bundle().heldOut().rows().length);
        int species = table.indexOf("species");
        int island = table.indexOf("island");
        int islandFeature = all.rows().schema().indexOf("island");
        for (int r = 0; r < table.size(); r++) {
            Row row = all.rows().rows().get(r);
            assertThat(row.actual()).as("row %d", r).isEqualTo(table.cell(r, species));
            assertThat(row.value(islandFeature)).as("row %d", r).isEqualTo(table.cell(r, island));
        }
        assertThat(all.rows().rows()).as("the held-out rows are among them")
                .containsAll(ModelRows.load(repository, "penguins", null, RowChoice.HELDOUT).rows().rows());

        ModelRows.Replay diamonds = ModelRows.load(repository, SmallModel.NAME, null, RowChoice.ALL);
        assertThat(diamonds.rows().rows()).hasSize(BundledData.DIAMONDS.table().size());
    }

    @Test
    void theOlderOneModelLayoutStillWorksWithOrWithoutTheName() {
        assertThat(ModelRows.load(SmallModel.root(), null, null, RowChoice.AUTO).bundle()).isEqualTo(SmallModel.dir());
        assertThat(ModelRows.load(SmallModel.root(), SmallModel.NAME, null, RowChoice.AUTO).name()).isEqualTo(SmallModel.NAME);
        assertThatThrownBy(() -> ModelRows.load(SmallModel.root(), "penguins", null, RowChoice.AUTO))
                .hasMessageContaining("no model 'penguins'").hasMessageContaining("one model, 'diamond-price-rf'");
    }

    @Test
    void anUnknownModelIsRefusedNamingTheModelsThere(@TempDir Path empty) throws IOException {
        assertThatThrownBy(() -> ModelRows.load(repository, "iris", null, RowChoice.AUTO))
                .hasMessageContaining("no model 'iris'").hasMessageContaining("[diamond-price-rf, penguins]");
        assertThatThrownBy(() -> ModelRows.load(repository, "../penguins", null, RowChoice.AUTO)).hasMessageContaining("--model");
        assertThatThrownBy(() -> ModelRows.load(empty, null, null, RowChoice.AUTO)).hasMessageContaining("no model bundle under")
                .hasMessageContaining("./run.sh");
        Path two = Files.createDirectories(empty.resolve("two"));
        SmallPenguins.copyInto(two);
        Path birds = Files.createDirectories(two.resolve("birds").resolve("1"));
        try (var files = Files.list(SmallPenguins.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, birds.resolve(f.getFileName()));
            }
        }
        assertThatThrownBy(() -> ModelRows.load(two, null, null, RowChoice.AUTO)).hasMessageContaining("several models")
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

        assertThatThrownBy(() -> ModelRows.load(root, "gizmos", null, RowChoice.AUTO))
                .hasMessageContaining("not one of the committed data sets").hasMessageContaining("--data");
        Path penguins = tmp.resolve("penguins.csv.gz");
        Files.write(penguins, BundledData.class.getResourceAsStream(BundledData.PENGUINS.resource()).readAllBytes());
        assertThatThrownBy(() -> ModelRows.load(root, "gizmos", penguins, RowChoice.AUTO))
                .hasMessageContaining("--data " + penguins).hasMessageContaining("the file the model was trained on");

        ModelRows.Replay own = ModelRows.load(root, "gizmos", csv, RowChoice.AUTO);
        assertThat(own.rows().schema().names()).containsExactly("wobble", "gizmo_count", "habitat, broad");
        assertThat(own.rows().rows()).isNotEmpty().allSatisfy(r ->
                assertThat(r.actual()).isIn("keep", "toss", "maybe"));
    }
}
