package dev.facet.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSchemaTest {

    private static final ModelSchema PENGUINS = new ModelSchema(List.of(
            new Feature("island", Feature.Kind.CATEGORICAL, "category", "where it was seen", Double.NaN, false,
                    Double.NaN, List.of("Biscoe", "Dream", "Torgersen"), false),
            new Feature("culmen_length_mm", Feature.Kind.NUMERIC, "mm", "bill length", 25, false, 70, List.of(), true),
            new Feature("sex", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("FEMALE", "MALE"), true)),
            new Task.Classification("species", List.of("Adelie", "Chinstrap", "Gentoo")));

    @Test
    void theDiamondsSchemaSurvivesItsFileUnchanged(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("schema.json");
        DiamondSchema.MODEL_SCHEMA.write(file);
        assertThat(ModelSchema.read(file)).isEqualTo(DiamondSchema.MODEL_SCHEMA);
    }

    @Test
    void aClassifierWithMissingValuesSurvivesItsFileUnchanged(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("schema.json");
        PENGUINS.write(file);
        ModelSchema back = ModelSchema.read(file);
        assertThat(back).isEqualTo(PENGUINS);
        assertThat(back.isClassification()).isTrue();
        assertThat(back.indexOf("sex")).isEqualTo(2);
        assertThat(back.indexOf("species")).isEqualTo(-1);
        assertThat(Files.readString(file)).contains("\"means\" : \"absent\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/schema_version|2|schema_version 2 is not supported; this reader reads 1",
            "/features/0/kind|\"ordinal\"|features[0].kind must be numeric or categorical, got ordinal",
            "/features/1/range/max|\"high\"|features[1].range.max must be a finite number",
            "/features/2/categories|[]|features[2].categories must be a non-empty array",
            "/features/2/missing|{\"allowed\": \"yes\"}|features[2].missing.allowed must be true or false",
            "/task/type|\"ranking\"|task.type must be regression or classification, got ranking",
            "/task/labels|[\"Adelie\"]|task.labels: a classification needs at least two labels",
            "/features/1/name|\"island\"|feature 'island' is listed twice",
            "/task/target|\"sex\"|the target 'sex' is also listed as a feature",
    })
    void aBrokenFileIsRefusedNamingTheFileAndTheField(String pointer, String value, String problem,
                                                      @TempDir Path tmp) throws IOException {
        ObjectNode root = PENGUINS.toJson();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        ((ObjectNode) parent).set(pointer.substring(slash + 1), Json.MAPPER.readTree(value));
        Path file = tmp.resolve("schema.json");
        Files.write(file, Json.MAPPER.writeValueAsBytes(root));
        assertThatThrownBy(() -> ModelSchema.read(file)).isInstanceOf(SchemaException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(problem);
    }

    @Test
    void aFileThatIsNotJsonIsNamed(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("schema.json");
        Files.writeString(file, "{\"schema_version\": 1,");
        assertThatThrownBy(() -> ModelSchema.read(file)).isInstanceOf(SchemaException.class)
                .hasMessageStartingWith(file + " is not readable JSON");
    }
}
