package dev.facet.contracts.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTablesTest {

    @Test
    void aQuotedFieldMayHoldCommasQuotesAndLineBreaks() {
        Table t = parse("name,notes,price\n"
                + "\"Smith, Jane\",\"said \"\"hi\"\", left\",12.5\n"
                + "plain,\"two\nlines\",3\n");
        assertThat(t.columns()).containsExactly("name", "notes", "price");
        assertThat(t.rows().get(0)).containsExactly("Smith, Jane", "said \"hi\", left", "12.5");
        assertThat(t.rows().get(1)).containsExactly("plain", "two\nlines", "3");
        assertThat(t.line(0)).isEqualTo(2);
        assertThat(t.line(1)).isEqualTo(3);
    }

    @Test
    void naNanAndEmptyCellsAreMissingButOtherTextIsKept() {
        Table t = parse("a,b,c,d\nNA,NaN,,na\n 1 , x ,\"\",nan\n");
        assertThat(t.rows().get(0)).containsExactly(null, null, null, "na");
        assertThat(t.rows().get(1)).containsExactly("1", "x", null, "nan");
    }

    @Test
    void linesAreCountedAcrossBlankLinesAndMultiLineCells() {
        Table t = parse("a,b\n1,\"x\ny\"\n\n2,z\n3,w");
        assertThat(Arrays.stream(t.lines()).boxed()).containsExactly(2, 5, 6);
        assertThatThrownBy(() -> parse("a,b\n1,2\n\n3\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test.csv, line 4").hasMessageContaining("1 cells").hasMessageContaining("[b] are missing");
        assertThatThrownBy(() -> parse("a,b\nSmith, Jane,2\n"))
                .hasMessageContaining("line 2").hasMessageContaining("3 cells, more than the header's 2 columns");
    }

    @Test
    void aBadHeaderOrAnEmptyFileIsNamed() {
        assertThatThrownBy(() -> parse("a,b,a\n1,2,3\n")).hasMessageContaining("column 'a' twice");
        assertThatThrownBy(() -> parse("a,,c\n1,2,3\n")).hasMessageContaining("header column 2 has no name");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty file");
        assertThatThrownBy(() -> parse("a,b\n")).hasMessageContaining("no data rows");
        assertThatThrownBy(() -> parse("a,b\n\"unterminated,2\n")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test.csv");
    }

    @Test
    void gzipIsDetectedAndTheChecksumIsOfTheUncompressedBytes(@TempDir Path tmp) throws Exception {
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(csv);
        }
        Path file = tmp.resolve("t.csv.gz");
        Files.write(file, gz.toByteArray());
        Table t = CsvTables.read(file);
        assertThat(t.rows().get(0)).containsExactly("1", "2");
        assertThat(t.sha256()).isEqualTo(CsvTables.sha256(csv));
        assertThat(t.source()).isEqualTo(file.toString());
    }

    @Test
    void theBundledPenguinsLoadWithTheirChecksumAndTheirMissingValues() {
        Table t = BundledData.PENGUINS.table();
        assertThat(t.size()).isEqualTo(344);
        assertThat(t.sha256()).isEqualTo(BundledData.PENGUINS.sha256());
        assertThat(t.columns()).containsExactly("species", "island", "culmen_length_mm", "culmen_depth_mm",
                "flipper_length_mm", "body_mass_g", "sex");
        assertThat(t.column(t.indexOf("sex")).stream().filter(c -> c == null).count()).isEqualTo(11);
        assertThat(t.column(t.indexOf("body_mass_g")).stream().filter(c -> c == null).count()).isEqualTo(2);
        assertThat(BundledData.named("penguins")).contains(BundledData.PENGUINS);
        assertThat(BundledData.named("nope")).isEmpty();
    }

    @Test
    void theBundledDiamondsReadAsTheSameRowsAsTheDiamondsLoader() {
        Table t = BundledData.DIAMONDS.table();
        DiamondsCsv.Data d = DiamondsCsv.loadBundled();
        assertThat(t.size()).isEqualTo(d.rows().size());
        assertThat(t.sha256()).isEqualTo(d.sha256());
        assertThat(t.cell(0, t.indexOf("cut"))).isEqualTo(d.rows().get(0).diamond().cut());
    }

    private static Table parse(String csv) {
        return CsvTables.parse(csv.getBytes(StandardCharsets.UTF_8), "test.csv");
    }
}
