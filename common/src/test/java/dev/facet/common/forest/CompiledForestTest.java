package dev.facet.common.forest;

import dev.facet.common.data.DiamondsCsv;
import dev.facet.common.data.LabelledDiamond;
import dev.facet.common.stats.StatsCalculator;
import dev.facet.common.train.ForestConfig;
import dev.facet.common.train.ForestTrainer;
import dev.facet.common.train.TribuoAdapter;
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
        for (LabelledDiamond row : heldOut) {
            assertThat(forest.predict(row.diamond()))
                    .isCloseTo(TribuoAdapter.predict(trained.model(), row.diamond()), within(1e-9));
        }
    }
}
