package dev.facet.contracts.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiamondsCsvTest {

    private static final String HEADER = "carat,cut,color,clarity,depth,table,price,x,y,z\n";

    @Test
    void theCommittedDataLoadsWithItsChecksum() {
        DiamondsCsv.Data data = DiamondsCsv.loadBundled();
        assertThat(data.rows()).hasSize(53_940);
        assertThat(data.sha256()).isEqualTo(DiamondsCsv.BUNDLED_SHA256);
        LabelledDiamond first = data.rows().get(0);
        assertThat(first.row()).isZero();
        assertThat(first.price()).isEqualTo(326);
        assertThat(first.diamond().cut()).isEqualTo("Ideal");
        assertThat(data.rows().get(53_939).row()).isEqualTo(53_939);
    }

    @Test
    void aMissingColumnIsNamed() {
        String csv = "carat,cut,color,clarity,depth,price,x,y,z\n0.23,Ideal,E,SI2,61.5,326,3.95,3.98,2.43\n";
        assertThatThrownBy(() -> parse(csv)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("no column 'table'");
    }

    @Test
    void aNonNumericCellNamesItsLineAndColumn() {
        String csv = HEADER + "0.23,Ideal,E,SI2,61.5,55,326,3.95,3.98,2.43\n0.21,Premium,E,SI1,abc,61,326,3.89,3.84,2.31\n";
        assertThatThrownBy(() -> parse(csv)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("line 3").hasMessageContaining("data row 1")
                .hasMessageContaining("'depth'").hasMessageContaining("\"abc\"");
    }

    @Test
    void anUnknownCategoryOrShortRowNamesTheRow() {
        assertThatThrownBy(() -> parse(HEADER + "0.23,Superb,E,SI2,61.5,55,326,3.95,3.98,2.43\n"))
                .hasMessageContaining("line 2").hasMessageContaining("cut");
        assertThatThrownBy(() -> parse(HEADER + "0.23,Ideal,E\n"))
                .hasMessageContaining("line 2").hasMessageContaining("missing");
    }

    @Test
    void quotedCategoriesAsWrittenByRAreAccepted() throws Exception {
        DiamondsCsv.Data data = parse(HEADER + "0.23,\"Very Good\",\"E\",\"SI2\",61.5,55,326,3.95,3.98,2.43\n");
        assertThat(data.rows().get(0).diamond().cut()).isEqualTo("Very Good");
    }

    @Test
    void aQuotedCellWithACommaIsOneCellNotTwo() {
        // String.split(",") read this row as 11 cells and reported cut as "\"Ideal", a value no one wrote
        assertThatThrownBy(() -> parse(HEADER + "0.23,\"Ideal, really\",E,SI2,61.5,55,326,3.95,3.98,2.43\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("line 2").hasMessageContaining("'cut'").hasMessageContaining("Ideal, really");
    }

    @Test
    void aMissingValueIsNamedAsSuch() {
        assertThatThrownBy(() -> parse(HEADER + "0.23,Ideal,E,SI2,NA,55,326,3.95,3.98,2.43\n"))
                .hasMessageContaining("line 2").hasMessageContaining("'depth'").hasMessageContaining("missing");
    }

    @Test
    void anEmptyFileIsAClearError() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse(HEADER)).hasMessageContaining("no data rows");
    }

    private static DiamondsCsv.Data parse(String csv) throws Exception {
        return DiamondsCsv.parse(csv.getBytes(StandardCharsets.UTF_8), "test.csv");
    }
}
