package dev.facet.simulator.scenario;

import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldOutTest {

    @Test
    void theHeldOutPenguinsAreTheListedRowsOfTheCommittedDataCellForCell() {
        int[] ids = Penguins.META.heldOut().rows();
        List<Feature> features = Penguins.META.schema().features();
        assertThat(Penguins.HELD_OUT.rows()).hasSize(ids.length);
        for (int k = 0; k < ids.length; k++) {
            Row row = Penguins.HELD_OUT.rows().get(k);
            for (int i = 0; i < features.size(); i++) {
                String cell = Penguins.TABLE.cell(ids[k], Penguins.TABLE.indexOf(features.get(i).name()));
                Object expected = cell == null ? null
                        : features.get(i).isNumeric() ? (Object) Double.parseDouble(cell) : cell;
                assertThat(row.value(i)).as("row %d, %s", ids[k], features.get(i).name()).isEqualTo(expected);
            }
            assertThat(row.actual()).isEqualTo(Penguins.TABLE.cell(ids[k], Penguins.TABLE.indexOf("species")));
        }
    }

    @Test
    void missingCellsBecomeNullsWhereTheSchemaAllowsThem() {
        long missing = Penguins.ALL.rows().stream()
                .filter(r -> IntStream.range(0, r.size()).anyMatch(i -> r.value(i) == null)).count();
        assertThat(missing).as("penguins with a missing measurement or sex").isPositive();
        assertThat(Penguins.META.schema().task()).isInstanceOf(Task.Classification.class);
    }

    @Test
    void theGenericReaderReplaysTheSameDiamondsAsTheDiamondsReader() {
        Table table = BundledData.DIAMONDS.table();
        int[] some = IntStream.range(0, table.size()).filter(i -> i % 97 == 0).toArray();
        HeldOut generic = HeldOut.fromTable(DiamondSchema.MODEL_SCHEMA, table, some);
        var all = DiamondsCsv.loadBundled().rows();
        HeldOut typed = HeldOut.diamonds(IntStream.of(some).mapToObj(all::get).toList());
        assertThat(generic.rows()).isEqualTo(typed.rows());
    }

    @Test
    void aRowBeyondTheDataOrAColumnItLacksIsRefusedByName() {
        Table table = BundledData.PENGUINS.table();
        assertThatThrownBy(() -> HeldOut.fromTable(Penguins.META.schema(), table, new int[] {table.size()}))
                .hasMessageContaining("held-out row " + table.size()).hasMessageContaining("344 data rows");
        assertThatThrownBy(() -> HeldOut.fromTable(DiamondSchema.MODEL_SCHEMA, table, new int[] {0}))
                .hasMessageContaining("has no column 'carat'");
    }
}
