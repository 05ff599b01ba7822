package dev.facet.drift.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports' view of the repository: models, versions and schemas from the small JSON files, including a
 * diamonds bundle written before schemas were files (./run.sh keeps serving such a {@code models/} as it is), whose
 * report must still say it is a regression.
 */
class RepositoryModelsTest {

    @Test
    void modelsVersionsAndSchemasOfARepository(@TempDir Path root) throws Exception {
        SmallModel.writeVersion(Files.createDirectories(root.resolve(SmallModel.NAME)), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        RepositoryModels repo = new RepositoryModels(root);
        assertThat(repo.versions()).containsOnlyKeys(SmallModel.NAME, SmallPenguins.NAME);
        assertThat(repo.newest(SmallPenguins.NAME)).isPresent();
        String penguins = repo.newest(SmallPenguins.NAME).orElseThrow();
        assertThat(repo.schema(SmallPenguins.NAME, penguins).orElseThrow().task())
                .isInstanceOf(Task.Classification.class);
        assertThat(repo.schema(SmallModel.NAME, "99")).isEmpty();
    }

    @Test
    void aBundleWrittenBeforeSchemasWereFilesHasTheDiamondsSchema(@TempDir Path root) throws Exception {
        Path bundle = Files.createDirectories(root.resolve(SmallModel.NAME));
        SmallModel.writeVersion(bundle, SmallModel.VERSION);
        Path dir = bundle.resolve(SmallModel.VERSION);
        Files.delete(dir.resolve(BundleFiles.SCHEMA));
        Path manifest = dir.resolve(BundleFiles.MANIFEST);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        ((ObjectNode) json.get("files")).remove(BundleFiles.SCHEMA);
        Files.writeString(manifest, json.toPrettyString());

        RepositoryModels repo = new RepositoryModels(root);
        assertThat(repo.schema(SmallModel.NAME, SmallModel.VERSION)).contains(DiamondSchema.MODEL_SCHEMA);
        assertThat(List.copyOf(repo.versions().keySet())).containsExactly(SmallModel.NAME);
    }
}
