package dev.facet.trainer.data;

import dev.facet.contracts.data.CsvTables;
import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON training data, read by Tribuo's JSON reader, becomes the same table (and schema) as the same data in CSV. */
class JsonTablesTest {

    @Test
    void aJsonArrayOfFlatObjectsInfersTheSchemaTheSameCsvInfers(@TempDir Path tmp) throws IOException {
        SameRows same = SameRows.of(4, 300);
        Path json = Files.writeString(tmp.resolve("pairs.json"), same.json());
        Path csv = Files.writeString(tmp.resolve("pairs.csv"), same.csv());
        Table fromJson = JsonTables.read(json);
        Table fromCsv = CsvTables.read(csv);
        assertThat(fromJson.columns()).containsExactly("colour", "count", "size", "verdict");
        assertThat(fromJson.size()).isEqualTo(300);
        assertThat(fromJson.line(0)).isEqualTo(2);
        assertThat(fromJson.line(299)).isEqualTo(301);
        for (TaskType task : TaskType.values()) {
            String target = task == TaskType.REGRESSION ? "size" : "verdict";
            assertThat(SchemaInference.infer(fromJson, target, task, Set.of()))
                    .isEqualTo(SchemaInference.infer(fromCsv, target, task, Set.of()));
        }
        assertThat(fromJson.column(1)).containsNull();
        assertThat(fromJson.column(0)).containsNull().contains("red, dark");
    }

    @Test
    void aGzippedJsonFileReadsAsThePlainOne(@TempDir Path tmp) throws IOException {
        SameRows same = SameRows.of(6, 50);
        Path plain = Files.writeString(tmp.resolve("a.json"), same.json());
        Path gz = tmp.resolve("a.json.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        assertThat(JsonTables.isJson(gz)).isTrue();
        assertThat(JsonTables.read(gz).rows()).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(JsonTables.read(plain).rows());
        assertThat(JsonTables.read(gz).sha256()).isEqualTo(JsonTables.read(plain).sha256());
    }

    @Test
    void jsonThatIsNotAnArrayOfFlatObjectsIsRefusedNamingTheFileAndLine(@TempDir Path tmp) throws IOException {
        Path object = Files.writeString(tmp.resolve("object.json"), "{\"a\": 1}");
        assertThatThrownBy(() -> JsonTables.read(object)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("object.json").hasMessageContaining("expected a JSON array of objects");
        Path nested = Files.writeString(tmp.resolve("nested.json"), "[\n{\"a\": 1, \"b\": 2},\n{\"a\": 2, \"b\": {\"c\": 3}}\n]");
        assertThatThrownBy(() -> JsonTables.read(nested)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("nested.json, line 3").hasMessageContaining("key 'b' holds an object");
        Path stray = Files.writeString(tmp.resolve("stray.json"), "[\n{\"a\": 1, \"b\": 2},\n{\"a\": 2, \"bb\": 3}\n]");
        assertThatThrownBy(() -> JsonTables.read(stray)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("stray.json, line 3").hasMessageContaining("key 'bb' is not one of the first");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "[\n{\"a\": 1,\n");
        assertThatThrownBy(() -> JsonTables.read(broken)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("broken.json, line").hasMessageContaining("not valid JSON");
        Path empty = Files.writeString(tmp.resolve("empty.json"), "[]");
        assertThatThrownBy(() -> JsonTables.read(empty)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("empty.json").hasMessageContaining("no rows");
        Path scalar = Files.writeString(tmp.resolve("scalar.json"), "[1, 2]");
        assertThatThrownBy(() -> JsonTables.read(scalar)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("scalar.json, line 1").hasMessageContaining("expected an object");
    }
}
