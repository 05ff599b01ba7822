package dev.facet.forest;

import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForestFileTest {

    static DiamondsCsv.Data data;
    static CompiledForest forest;
    static long[] covers;
    static int background;

    @BeforeAll
    static void compileASmallForest() {
        data = DiamondsCsv.loadBundled();
        ForestTrainer.Result trained = ForestTrainer.train(data, ForestConfig.SMALL, "t", "1", m -> { });
        forest = CompiledForest.compile(trained.model());
        double[][] rows = ForestExplainer.trainingRows(data, trained.heldOut());
        covers = ForestExplainer.covers(forest, rows);
        background = rows.length;
    }

    @Test
    void aWrittenForestReadsBackIdentical(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("forest.bin");
        ForestFile.write(file, forest, covers, background);
        ForestFile.Contents read = ForestFile.read(file);
        assertThat(read.forest().trees()).isEqualTo(forest.trees());
        assertThat(read.forest().nodeArray()).isEqualTo(forest.nodeArray());
        assertThat(read.forest().rootArray()).isEqualTo(forest.rootArray());
        assertThat(read.covers()).isEqualTo(covers);
        assertThat(read.backgroundSize()).isEqualTo(background);
        for (LabelledDiamond row : data.rows().subList(0, 2_000)) {
            assertThat(read.forest().predict(row.diamond())).isEqualTo(forest.predict(row.diamond()));
        }
        assertThat(read.explainer().expectedValue())
                .isEqualTo(ForestExplainer.of(forest, covers, background).expectedValue());
    }

    @Test
    void aForestWithoutCoversHasNoExplainer(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("forest.bin");
        ForestFile.write(file, forest, null, 0);
        ForestFile.Contents read = ForestFile.read(file);
        assertThat(read.explainer()).isNull();
        assertThat(read.forest().predict(data.rows().get(5).diamond())).isEqualTo(forest.predict(data.rows().get(5).diamond()));
    }

    @Test
    void damageIsRefusedNamingTheProblem(@TempDir Path tmp) throws IOException {
        Path good = tmp.resolve("forest.bin");
        ForestFile.write(good, forest, covers, background);
        byte[] bytes = Files.readAllBytes(good);

        assertThatThrownBy(() -> ForestFile.read(write(tmp, "junk", "not a forest".getBytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no FCTF header");
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "short", Arrays.copyOf(bytes, bytes.length - 4))))
                .hasMessageContaining("its header announces");

        byte[] version = bytes.clone();
        ByteBuffer.wrap(version).putInt(4, 7);
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "version", version))).hasMessageContaining("version 7");

        // the first node is a split: point its right child back at itself, which would make a walk loop forever
        int firstNode = 5 * Integer.BYTES + forest.trees() * Integer.BYTES;
        byte[] loop = bytes.clone();
        ByteBuffer.wrap(loop).putDouble(firstNode + Double.BYTES, 0 * 16 + 1);
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "loop", loop)))
                .hasMessageContaining("split node 0").hasMessageContaining("children must follow their parent");

        byte[] nan = bytes.clone();
        ByteBuffer.wrap(nan).putDouble(firstNode, Double.NaN);
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "nan", nan))).hasMessageContaining("non-finite");

        byte[] cover = bytes.clone();
        ByteBuffer.wrap(cover).putInt(bytes.length - Integer.BYTES, background + 1);
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "cover", cover))).hasMessageContaining("covers " + (background + 1));
    }

    @Test
    void aVersion1FileWrittenBeforeClassifiersStillReads(@TempDir Path tmp) throws IOException {
        Path v2 = tmp.resolve("v2.bin");
        ForestFile.write(v2, forest, covers, background);
        byte[] bytes = Files.readAllBytes(v2);
        // version 1: the same header, roots and nodes, no feature and class counts, then the covers
        int nodesEnd = 5 * Integer.BYTES + forest.trees() * Integer.BYTES + forest.nodes() * 2 * Double.BYTES;
        ByteBuffer v1 = ByteBuffer.allocate(bytes.length - 2 * Integer.BYTES);
        v1.put(bytes, 0, nodesEnd).put(bytes, nodesEnd + 2 * Integer.BYTES, bytes.length - nodesEnd - 2 * Integer.BYTES);
        v1.putInt(4, 1);
        ForestFile.Contents read = ForestFile.read(write(tmp, "v1.bin", v1.array()));
        assertThat(read.forest().features()).isEqualTo(9);
        assertThat(read.forest().isClassifier()).isFalse();
        assertThat(read.covers()).isEqualTo(covers);
        for (LabelledDiamond row : data.rows().subList(0, 500)) {
            assertThat(read.forest().predict(row.diamond())).isEqualTo(forest.predict(row.diamond()));
        }
    }

    @Test
    void aClassifiersDistributionsRoundTripAndDamageToThemIsRefused(@TempDir Path tmp) throws IOException {
        Penguins penguins = Penguins.load();
        CompiledForest classifier = CompiledForest.compile(penguins.train(5, 4, 1, false), Penguins.SCHEMA);
        Path file = tmp.resolve("classifier.bin");
        ForestFile.write(file, classifier, null, 0);
        ForestFile.Contents read = ForestFile.read(file);
        assertThat(read.forest().classes()).isEqualTo(3);
        assertThat(read.forest().distributionArray()).isEqualTo(classifier.distributionArray());
        assertThat(read.forest().modelRankArray()).isEqualTo(classifier.modelRankArray());
        for (double[] row : penguins.rows) {
            assertThat(read.forest().predictProba(row)).isEqualTo(classifier.predictProba(row));
        }
        byte[] bytes = Files.readAllBytes(file);
        int ranks = 5 * Integer.BYTES + classifier.trees() * Integer.BYTES + classifier.nodes() * 2 * Double.BYTES
                + 3 * Integer.BYTES;
        byte[] rank = bytes.clone();
        ByteBuffer.wrap(rank).putInt(ranks, ByteBuffer.wrap(bytes).getInt(ranks + Integer.BYTES));
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "rank", rank))).hasMessageContaining("permutation");
        byte[] probability = bytes.clone();
        ByteBuffer.wrap(probability).putDouble(ranks + 3 * Integer.BYTES, 1.5);
        assertThatThrownBy(() -> ForestFile.read(write(tmp, "p", probability))).hasMessageContaining("outside [0, 1]");
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
