package dev.facet.trainer.data;

import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.facet.trainer.data.SchemaInferenceTest.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableEncoderTest {

    private static final TrainingData.Origin ORIGIN = new TrainingData.Origin("gen", "gen.csv", "none", "0");

    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            new Feature("len", Feature.Kind.NUMERIC, "mm", "", 0, false, 100, List.of(), true),
            new Feature("isle", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("Dream", "Biscoe"), false)),
            new Task.Classification("species", List.of("Gentoo", "Adelie")));

    @Test
    void rowsBecomeSchemaOrderedVectorsWithOrdinalsAndNaNForMissing() {
        Table t = table("species,extra,isle,len\nAdelie,zz,Biscoe,40.5\nGentoo,zz,Dream,NA\n");
        TrainingData d = TableEncoder.encode(t, SCHEMA, "schema.json", ORIGIN);
        assertThat(d.rows()[0]).containsExactly(40.5, 2);
        assertThat(d.rows()[1][0]).isNaN();
        assertThat(d.rows()[1][1]).isEqualTo(1);
        assertThat(d.targets()).containsExactly(1, 0); // indices into the schema's labels
    }

    @Test
    void aColumnTheSchemaListsButTheCsvLacksIsNamed() {
        Table t = table("species,len\nAdelie,40\nGentoo,41\n");
        assertThatThrownBy(() -> TableEncoder.encode(t, SCHEMA, "--schema s.json", ORIGIN))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("gen.csv has no column 'isle', which --schema s.json lists");
        Table noTarget = table("len,isle\n40,Dream\n");
        assertThatThrownBy(() -> TableEncoder.encode(noTarget, SCHEMA, "--schema s.json", ORIGIN))
                .hasMessageContaining("no column 'species'");
    }

    @Test
    void valuesTheSchemaWouldRefuseAreRefusedNamingLineColumnAndValue() {
        assertThatThrownBy(() -> encode("species,isle,len\nAdelie,Dream,40\nGentoo,Torgersen,41\n"))
                .hasMessageContaining("gen.csv, line 3, column 'isle'").hasMessageContaining("\"Torgersen\"");
        assertThatThrownBy(() -> encode("species,isle,len\nAdelie,Dream,140\n"))
                .hasMessageContaining("line 2, column 'len'").hasMessageContaining("140 is outside the range");
        assertThatThrownBy(() -> encode("species,isle,len\nAdelie,,40\n"))
                .hasMessageContaining("column 'isle'").hasMessageContaining("does not allow a missing isle");
        assertThatThrownBy(() -> encode("species,isle,len\nEmperor,Dream,40\n"))
                .hasMessageContaining("\"Emperor\" is not one of the labels [Gentoo, Adelie]");
        assertThatThrownBy(() -> encode("species,isle,len\nAdelie,Dream,40\nAdelie,Biscoe,41\n"))
                .hasMessageContaining("gen.csv").hasMessageContaining("'species' has a single label [Adelie]");
    }

    @Test
    void aConstantRegressionTargetIsRefusedEvenWithASchema() {
        ModelSchema regression = new ModelSchema(SCHEMA.features(), new Task.Regression("mass", "g"));
        Table t = table("mass,isle,len\n3000,Dream,40\n3000,Biscoe,41\n");
        assertThatThrownBy(() -> TableEncoder.encode(t, regression, "schema.json", ORIGIN))
                .hasMessageContaining("gen.csv").hasMessageContaining("'mass' is constant");
    }

    private static TrainingData encode(String csv) {
        return TableEncoder.encode(table(csv), SCHEMA, "schema.json", ORIGIN);
    }

}
