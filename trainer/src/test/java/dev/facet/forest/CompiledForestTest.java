package dev.facet.forest;

import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;
import dev.facet.trainer.TribuoAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CompiledForestTest {

    @Test
    void theCompiledForestEqualsTribuoOnEveryHeldOutRow() {
        DiamondsCsv.Data data = DiamondsCsv.loadBundled();
        ForestTrainer.Result trained = ForestTrainer.train(data, ForestConfig.SMALL, "t", "1", m -> { });
        CompiledForest forest = CompiledForest.compile(trained.model());
        assertThat(forest.trees()).isEqualTo(ForestConfig.SMALL.trees());
        List<LabelledDiamond> heldOut = StatsCalculator.rows(data.rows(), trained.heldOut().rows());
        double[][] vectors = new double[heldOut.size()][];
        for (int i = 0; i < vectors.length; i++) {
            Diamond d = heldOut.get(i).diamond();
            assertThat(forest.predict(d)).isCloseTo(TribuoAdapter.predict(trained.model(), d), within(1e-9));
            vectors[i] = d.toVector();
        }
        // the batch path: the very same doubles as one row at a time, whatever the batch size
        double[] all = forest.predictAll(vectors);
        assertThat(all).hasSize(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            assertThat(all[i]).as("row %d", i).isEqualTo(forest.predict(vectors[i]));
        }
        assertThat(forest.predictAll(new double[][] {vectors[7]})).containsExactly(forest.predict(vectors[7]));
        assertThat(forest.predictAll(new double[0][])).isEmpty();
        // serving's padded walk reaches the depth-first walk's leaves: the same doubles, bit for bit
        assertThat(forest.padded()).as("a small forest of depth %d is padded", forest.depth()).isTrue();
        for (int i = 0; i < vectors.length; i++) {
            assertThat(forest.predict(vectors[i])).as("row %d", i).isEqualTo(forest.predictWalking(vectors[i]));
        }
    }
}
