package dev.facet.contracts.data;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.DiamondValidator;
import dev.facet.contracts.schema.FieldError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the ggplot2 diamonds CSV (plain or gzip) into validated rows, failing on the first bad row with a
 * message that names its line and column. The committed copy ships in this jar; see {@code data/README.md}.
 *
 * <p>The file is read by {@link CsvTables} (a header row, RFC 4180 quoting); a missing cell is an error, since
 * the diamonds schema allows none.
 */
public final class DiamondsCsv {

    /** The copy committed in the repository, inside this jar. */
    public static final String BUNDLED_RESOURCE = "/dev/facet/data/diamonds.csv.gz";
    /** SHA-256 of the uncompressed committed CSV (see data/diamonds.csv.sha256). */
    public static final String BUNDLED_SHA256 = "243996d7650e84e190a88d505b44c3a0be1bcfc7b4f32606d60d103a51494b9e";

    private static final List<String> COLUMNS = List.of(
            "carat", "cut", "color", "clarity", "depth", "table", "price", "x", "y", "z");

    /** The loaded rows and the SHA-256 of the uncompressed bytes they came from. */
    public record Data(List<LabelledDiamond> rows, String sha256, String source) {
    }

    private DiamondsCsv() {
    }

    /** The committed data set, checksum verified. */
    public static Data loadBundled() {
        try (InputStream in = DiamondsCsv.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new DataFormatException("the bundled data set " + BUNDLED_RESOURCE + " is missing from the classpath");
            }
            Data data = parse(in.readAllBytes(), "bundled diamonds.csv.gz");
            if (!BUNDLED_SHA256.equals(data.sha256())) {
                throw new DataFormatException("bundled diamonds.csv has SHA-256 " + data.sha256()
                        + " but " + BUNDLED_SHA256 + " was committed: the file is corrupt or was changed");
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV file on disk, plain or gzip (detected by its magic bytes). */
    public static Data load(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(raw, file.toString());
    }

    static Data parse(byte[] raw, String source) {
        Table table = CsvTables.parse(raw, source);
        int[] columnOf = mapHeader(table.columns(), source);
        List<LabelledDiamond> rows = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            rows.add(parseRow(table.rows().get(r), columnOf, r, table.line(r), source));
        }
        return new Data(List.copyOf(rows), table.sha256(), source);
    }

    private static int[] mapHeader(List<String> names, String source) {
        int[] columnOf = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            columnOf[i] = names.indexOf(COLUMNS.get(i));
            if (columnOf[i] < 0) {
                throw new DataFormatException(source + ": header has no column '" + COLUMNS.get(i)
                        + "'; found " + names + ", expected " + COLUMNS);
            }
        }
        return columnOf;
    }

    private static LabelledDiamond parseRow(String[] cells, int[] columnOf, int row, int lineNo, String source) {
        Map<String, Object> values = new LinkedHashMap<>();
        double price = Double.NaN;
        for (int i = 0; i < COLUMNS.size(); i++) {
            String column = COLUMNS.get(i);
            String cell = cells[columnOf[i]];
            if (cell == null) {
                throw new DataFormatException(source + ": line " + lineNo + " (data row " + row + "), column '"
                        + column + "': the value is missing");
            }
            boolean numeric = column.equals("price") || DiamondSchema.feature(column).isNumeric();
            if (!numeric) {
                values.put(column, cell);
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new DataFormatException(source + ": line " + lineNo + " (data row " + row + "), column '"
                        + column + "': expected a number, got \"" + cell + '"');
            }
            if (column.equals("price")) {
                price = v;
            } else {
                values.put(column, v);
            }
        }
        if (!(price > 0) || !Double.isFinite(price)) {
            throw new DataFormatException(source + ": line " + lineNo + " (data row " + row
                    + "), column 'price': must be a finite number > 0");
        }
        DiamondValidator.Result result = DiamondValidator.validate(values);
        if (!result.valid()) {
            FieldError e = result.errors().get(0);
            throw new DataFormatException(source + ": line " + lineNo + " (data row " + row + "), column '"
                    + e.field() + "': " + e.problem());
        }
        Diamond d = result.diamond();
        return new LabelledDiamond(row, d, price);
    }

}
