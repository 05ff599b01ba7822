package dev.facet.groundtruth.model;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bundles found per model in one repository, and the actuals each model takes. */
class KnownModelTest {

    @Test
    void aClassifierTakesOnlyItsLabelsAndARegressorOnlyNumbers() {
        KnownModel penguins = KnownModel.of(BundleMetadata.load(SmallPenguins.dir(), BundleMetadata.Checks.FILES_READ));
        assertThat(penguins.isClassification()).isTrue();
        assertThat(penguins.problemWith(null, "Adelie")).isEmpty();
        assertThat(penguins.problemWith(null, "Emperor")).get().asString()
                .contains("no label \"Emperor\"").contains("Adelie").contains("Gentoo");
        assertThat(penguins.problemWith(4.5, null)).get().asString().contains("classifier");
        assertThat(penguins.classificationBaseline().accuracy()).isBetween(0.5, 1.0);

        KnownModel diamonds = KnownModel.of(BundleMetadata.load(SmallModel.dir(), BundleMetadata.Checks.FILES_READ));
        assertThat(diamonds.problemWith(1234.5, null)).isEmpty();
        assertThat(diamonds.problemWith(null, "Adelie")).get().asString().contains("regressor");
        assertThat(diamonds.regressionBaseline().mae()).isPositive();
    }

    @Test
    void theCatalogFindsBothModelsOfARepositoryAndLooksForAMissingOneAgainOnlyAfterTheInterval() throws Exception {
        Path root = Files.createTempDirectory("gt-repo-");
        SmallPenguins.copyInto(root);
        long[] now = {0};
        ModelCatalog catalog = new ModelCatalog(root, 30_000, () -> now[0]);
        catalog.loadAll();
        assertThat(catalog.models()).extracting(KnownModel::name).containsExactly("penguins");
        assertThat(catalog.find("diamond-price-rf", SmallModel.VERSION)).isEmpty();

        // deployed after the miss: not looked for until the interval has passed
        Path target = root.resolve(SmallModel.NAME).resolve(SmallModel.VERSION);
        Files.createDirectories(target);
        try (var files = Files.list(SmallModel.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        assertThat(catalog.find(SmallModel.NAME, SmallModel.VERSION)).isEmpty();
        now[0] = 30_001;
        assertThat(catalog.find(SmallModel.NAME, SmallModel.VERSION)).get()
                .extracting(KnownModel::name).isEqualTo(SmallModel.NAME);
        assertThat(catalog.models()).extracting(KnownModel::name).containsExactly(SmallModel.NAME, "penguins");
        assertThat(catalog.find("../etc", "1")).isEmpty();
    }
}
