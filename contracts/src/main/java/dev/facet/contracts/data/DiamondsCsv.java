package dev.facet.contracts.data;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.DiamondValidator;
import dev.facet.contracts.schema.FieldError;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the ggplot2 diamonds CSV (plain or gzip) into validated rows, failing on the first bad row with a
 * message that names its line and column. The committed copy ships in this jar; see {@code data/README.md}.
 *
 * <p>The format is the simple one the data set uses: a header row, comma-separated, categories optionally in
 * double quotes, no embedded commas.
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
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Data parse(byte[] raw, String source) throws IOException {
        byte[] bytes = isGzip(raw) ? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw;
        String sha = sha256(bytes);
        List<LabelledDiamond> rows = new ArrayList<>(54_000);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) {
                throw new DataFormatException(source + ": empty file, expected a header row " + COLUMNS);
            }
            int[] columnOf = mapHeader(split(header), source);
            String line;
            int lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parseRow(split(line), columnOf, rows.size(), lineNo, source));
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(source + ": no data rows after the header");
        }
        return new Data(List.copyOf(rows), sha, source);
    }

    private static int[] mapHeader(String[] header, String source) {
        List<String> names = Arrays.stream(header).map(String::trim).toList();
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
            if (columnOf[i] >= cells.length) {
                throw new DataFormatException(source + ": line " + lineNo + " (data row " + row + ") has "
                        + cells.length + " cells; column '" + column + "' is missing");
            }
            String cell = cells[columnOf[i]];
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

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (c.length() >= 2 && c.charAt(0) == '"' && c.charAt(c.length() - 1) == '"') {
                c = c.substring(1, c.length() - 1);
            }
            cells[i] = c;
        }
        return cells;
    }

    private static boolean isGzip(byte[] b) {
        return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
