package dev.facet.trainer.data;

import dev.facet.contracts.data.CsvTables;
import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SchemaInferenceTest {

    static Table table(String csv) {
        return CsvTables.parse(csv.getBytes(StandardCharsets.UTF_8), "gen.csv");
    }

    @Test
    void columnsNeverSeenBeforeGetKindsRangesCategoriesAndMissingFromTheData() {
        Table t = table(GeneratedCsv.of(1, 500));
        ModelSchema s = SchemaInference.infer(t, "verdict", TaskType.CLASSIFICATION, Set.of());
        assertThat(s.names()).containsExactly("wobble", "gizmo_count", "habitat, broad");
        assertThat(s.task()).isEqualTo(new Task.Classification("verdict", List.of("keep", "maybe", "toss")));

        Feature wobble = s.features().get(0);
        double lo = t.column(0).stream().mapToDouble(Double::parseDouble).min().orElseThrow();
        double hi = t.column(0).stream().mapToDouble(Double::parseDouble).max().orElseThrow();
        assertThat(wobble.isNumeric()).isTrue();
        assertThat(wobble.min()).isCloseTo(lo - 0.1 * (hi - lo), within(1e-12)); // negative: no floor
        assertThat(wobble.max()).isCloseTo(hi + 0.1 * (hi - lo), within(1e-12));
        assertThat(wobble.missingAllowed()).isFalse();

        Feature count = s.features().get(1);
        assertThat(count.isNumeric()).isTrue();
        assertThat(count.min()).isEqualTo(0); // 0 - 4.9 floored: the column has no negative value
        assertThat(count.max()).isCloseTo(49 + 4.9, within(1e-12));
        assertThat(count.missingAllowed()).isTrue();

        Feature habitat = s.features().get(2);
        assertThat(habitat.isNumeric()).isFalse();
        assertThat(habitat.categories()).containsExactly("lagoon", "reef, inner", "reef, outer");
        assertThat(habitat.missingAllowed()).isTrue();
    }

    @Test
    void theInferredSchemaDoesNotDependOnTheOrderOfTheRows() {
        String csv = GeneratedCsv.of(2, 300);
        List<String> lines = new ArrayList<>(csv.lines().toList());
        String header = lines.remove(0);
        Collections.shuffle(lines, new Random(3));
        String shuffled = header + "\n" + String.join("\n", lines) + "\n";
        assertThat(SchemaInference.infer(table(shuffled), "verdict", TaskType.CLASSIFICATION, Set.of()))
                .isEqualTo(SchemaInference.infer(table(csv), "verdict", TaskType.CLASSIFICATION, Set.of()));
    }

    @Test
    void excludedColumnsAreNotFeaturesAndAConstantColumnGetsARangeAroundItsValue() {
        Table t = table("id,size,flag,y\n1,3,A,1.5\n2,3,A,2.5\n3,3,B,0.5\n");
        ModelSchema s = SchemaInference.infer(t, "y", TaskType.REGRESSION, Set.of("id"));
        assertThat(s.names()).containsExactly("size", "flag");
        assertThat(s.task()).isEqualTo(new Task.Regression("y", ""));
        assertThat(s.features().get(0).min()).isCloseTo(2.7, within(1e-12));
        assertThat(s.features().get(0).max()).isCloseTo(3.3, within(1e-12));
    }

    @Test
    void aTargetThatIsMissingConstantOrASingleLabelIsRefusedNamingTheColumnAndFile() {
        Table t = table("a,b,y,k\n1,x,5,cat\n2,y,5,cat\n3,x,5,cat\n");
        assertThatThrownBy(() -> SchemaInference.infer(t, "price", TaskType.REGRESSION, Set.of()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("gen.csv").hasMessageContaining("no target column 'price'")
                .hasMessageContaining("[a, b, y, k]");
        assertThatThrownBy(() -> SchemaInference.infer(t, "y", TaskType.REGRESSION, Set.of()))
                .hasMessageContaining("gen.csv").hasMessageContaining("'y' is constant");
        assertThatThrownBy(() -> SchemaInference.infer(t, "k", TaskType.CLASSIFICATION, Set.of()))
                .hasMessageContaining("gen.csv").hasMessageContaining("'k' has a single label [cat]");
        assertThatThrownBy(() -> SchemaInference.infer(table("a,y\n1,2\n2,NA\n"), "y", TaskType.REGRESSION, Set.of()))
                .hasMessageContaining("gen.csv, line 3").hasMessageContaining("'y' is missing");
        assertThatThrownBy(() -> SchemaInference.infer(table("a,y\n1,2\n2,x\n"), "y", TaskType.REGRESSION, Set.of()))
                .hasMessageContaining("line 3").hasMessageContaining("must be a number");
        assertThatThrownBy(() -> SchemaInference.infer(t, "y", TaskType.REGRESSION, Set.of("nope")))
                .hasMessageContaining("no column 'nope' to exclude");
        assertThatThrownBy(() -> SchemaInference.infer(table("a,e,y\n1,,2\n2,NA,3\n"), "y", TaskType.REGRESSION, Set.of()))
                .hasMessageContaining("column 'e' has no values").hasMessageContaining("--exclude e");
    }

    @Test
    void onlyPlainDecimalNumbersMakeANumericColumn() {
        assertThat(List.of("1", "-2.5", "+.5", "1e3", "3.", "-1E-2")).allMatch(SchemaInference::isNumber);
        assertThat(List.of("1d", "0x1F", "Infinity", "1,5", "1 000", "e3", ".")).noneMatch(SchemaInference::isNumber);
        ModelSchema s = SchemaInference.infer(table("code,y\n1d,1\n2,2\n"), "y", TaskType.REGRESSION, Set.of());
        assertThat(s.features().get(0).isNumeric()).isFalse();
    }
}
