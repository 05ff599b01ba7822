package dev.facet.contracts.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The three layouts a monitor finds bundles in, and names from events that must not leave the root. */
class RepositoryLayoutTest {

    @TempDir
    Path root;

    private Path bundle(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(BundleFiles.MANIFEST), "{}");
        return dir;
    }

    @Test
    void aRepositoryListsEveryVersionOfEveryModel() throws IOException {
        Path d1 = bundle(root.resolve("diamonds/1"));
        Path d2 = bundle(root.resolve("diamonds/2"));
        Path p1 = bundle(root.resolve("penguins/1"));
        Files.createDirectories(root.resolve("penguins/empty"));
        assertThat(RepositoryLayout.bundles(root)).containsExactly(d1, d2, p1);
        assertThat(RepositoryLayout.find(root, "penguins", "1")).contains(p1);
        assertThat(RepositoryLayout.find(root, "penguins", "2")).isEmpty();
        assertThat(RepositoryLayout.find(root, "rent", "1")).isEmpty();
    }

    @Test
    void theOneModelLayoutsAreFoundByVersionOrAsTheRootItself() throws IOException {
        Path v1 = bundle(root.resolve("1"));
        assertThat(RepositoryLayout.bundles(root)).containsExactly(v1);
        assertThat(RepositoryLayout.find(root, "anything", "1")).contains(v1); // the caller checks the manifest
        Path single = bundle(root.resolve("single"));
        assertThat(RepositoryLayout.bundles(single)).containsExactly(single);
        assertThat(RepositoryLayout.find(single, "m", "9")).contains(single);
    }

    @Test
    void namesThatWouldWalkOutOfTheRootFindNothing() throws IOException {
        bundle(root.resolve("outside"));
        Path repo = Files.createDirectories(root.resolve("repo"));
        assertThat(RepositoryLayout.find(repo, "..", "outside")).isEmpty();
        assertThat(RepositoryLayout.find(repo, "a/b", "1")).isEmpty();
        assertThat(RepositoryLayout.find(repo, "m", "../outside")).isEmpty();
        assertThat(RepositoryLayout.bundles(root.resolve("missing"))).isEmpty();
    }
}
