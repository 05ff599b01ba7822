package dev.facet.serving.prediction;

import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming reader against the general path ({@link SchemaRows}' tree and maps, the oracle): a body the reader
 * answers gives the same vector as the general path, and every body the general path refuses the reader declines.
 */
class SchemaReaderTest {

    static final ModelSchema SCHEMA = new ModelSchema(List.of(
            new Feature("island", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("Biscoe", "Dream", "Torgersen"), false),
            new Feature("bill_mm", Feature.Kind.NUMERIC, "mm", "", 20, false, 70, List.of(), true),
            new Feature("mass_g", Feature.Kind.NUMERIC, "g", "", 0, true, 7000, List.of(), false),
            new Feature("sex", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("FEMALE", "MALE"), true)),
            new Task.Classification("species", List.of("Adelie", "Gentoo")));

    static final List<String> VALID = List.of(
            "{\"island\":\"Dream\",\"bill_mm\":39.5,\"mass_g\":3800,\"sex\":\"MALE\"}",
            "{\"sex\":\"FEMALE\",\"mass_g\":3800.5,\"bill_mm\":20,\"island\":\"Biscoe\"}",
            "{\"island\":\"Torgersen\",\"bill_mm\":null,\"mass_g\":1,\"sex\":null}",
            "{\"island\":\"Torgersen\",\"mass_g\":7000}",
            " { \"island\" : \"Dream\" , \"mass_g\" : 1e3 } ");

    static final List<String> INVALID = List.of(
            "{\"island\":\"Dream\",\"bill_mm\":39.5,\"sex\":\"MALE\"}", // mass_g required
            "{\"island\":null,\"mass_g\":3800}", // island may not be missing
            "{\"island\":\"Atlantis\",\"mass_g\":3800}",
            "{\"island\":\"Dream\",\"mass_g\":0}", // min exclusive
            "{\"island\":\"Dream\",\"mass_g\":\"3800\"}",
            "{\"island\":1,\"mass_g\":3800}",
            "{\"island\":\"Dream\",\"mass_g\":3800,\"wings\":2}",
            "{\"island\":\"Dream\",\"mass_g\":3800,\"bill_mm\":80}",
            "{\"island\":\"Dream\",\"mass_g\":[3800]}",
            "[{\"island\":\"Dream\",\"mass_g\":3800}]",
            "\"Dream\"");

    @Test
    void aValidRowReadsAsTheGeneralPathReadsIt() {
        for (String body : VALID) {
            double[] fast = SchemaReader.read(bytes(body), SCHEMA);
            assertThat(fast).as(body).isNotNull();
            assertThat(fast).as(body).containsExactly(SchemaRows.one(Json.decodeValue(body), SCHEMA));
        }
        assertThat(SchemaReader.read(bytes(VALID.get(2)), SCHEMA)[1]).isNaN();
        assertThat(SchemaReader.read(bytes(VALID.get(3)), SCHEMA)[3]).isNaN(); // absent, allowed: missing
    }

    @Test
    void everyBodyTheGeneralPathRefusesTheReaderDeclines() {
        for (String body : INVALID) {
            assertThat(SchemaReader.read(bytes(body), SCHEMA)).as(body).isNull();
            assertThatThrownBy(() -> SchemaRows.one(Json.decodeValue(body), SCHEMA)).as(body)
                    .isInstanceOf(InvalidInputException.class);
        }
        // a duplicate field: Vert.x keeps the last value; the reader declines and leaves it to that path
        assertThat(SchemaReader.read(bytes("{\"island\":\"Dream\",\"island\":\"Biscoe\",\"mass_g\":3}"), SCHEMA)).isNull();
        assertThat(SchemaReader.read(bytes("{\"island\":\"Dream\",\"mass_g\":3} x"), SCHEMA)).isNull();
    }

    @Test
    void aBatchReadsAsTheGeneralPathAndDeclinesOverTheLimitOrWithOneBadRow() {
        String batch = "[" + String.join(",", VALID) + "]";
        List<double[]> fast = SchemaReader.readArray(bytes(batch), 10, SCHEMA);
        List<double[]> general = SchemaRows.batch(Json.decodeValue(batch), 10, SCHEMA);
        assertThat(fast).hasSize(VALID.size());
        for (int i = 0; i < VALID.size(); i++) {
            assertThat(fast.get(i)).containsExactly(general.get(i));
        }
        assertThat(SchemaReader.readArray(bytes(batch), VALID.size() - 1, SCHEMA)).isNull();
        assertThat(SchemaReader.readArray(bytes("[" + VALID.get(0) + "," + INVALID.get(0) + "]"), 10, SCHEMA)).isNull();
        assertThat(SchemaReader.readArray(bytes("[]"), 10, SCHEMA)).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
