package dev.facet.trainer.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.facet.contracts.data.CsvTables;
import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.json.JsonFileIterator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * JSON training data as a {@link Table}, so that it takes the same schema inference and checks as a CSV: a
 * top-level array of flat objects, one per row, each key a column, such as the pairs of features and actuals
 * the ground-truth join exports. The rows are read by Tribuo's own reader ({@code tribuo-json}'s
 * {@link JsonFileIterator}, what its {@code JsonDataSource} iterates), which gives:
 * <ul>
 *   <li>the columns as the first object's keys sorted by name (so an inferred schema lists its features in that
 *       order, whatever order the file wrote them in);</li>
 *   <li>each value as its text: a number as Jackson prints it ({@code 4321.5}, {@code 1.0E-5}), a string as is,
 *       {@code true}/{@code false}.</li>
 * </ul>
 * A missing value is an absent key, a JSON {@code null}, an empty string, {@code "NA"} or {@code "NaN"} (the
 * CSV reader's spellings). Tribuo's reader ignores what it cannot hold and has no line numbers, so a first pass
 * with Jackson's streaming parser checks the shape (an array of objects whose values are not objects or arrays)
 * and notes the line each object starts on, for messages. A key the first object lacks is an error naming the
 * object's line, rather than a column silently dropped. Plain or gzip.
 */
public final class JsonTables {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonTables() {
    }

    /** Whether {@code file} is named as JSON data ({@code .json}, or {@code .json.gz}). */
    public static boolean isJson(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".json.gz");
    }

    public static Table read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = uncompressed(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage());
        }
        int[] lines = objectLines(bytes, source);
        List<String> columns;
        List<String[]> rows = new ArrayList<>();
        try (JsonFileIterator it = new JsonFileIterator(
                new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            columns = it.getFields();
            while (it.hasNext()) {
                ColumnarIterator.Row row = it.next();
                Map<String, String> values = row.getRowData();
                int r = rows.size();
                for (String key : values.keySet()) {
                    if (!columns.contains(key)) {
                        throw new DataFormatException(source + ", line " + lines[r] + ": key '" + key
                                + "' is not one of the first object's " + columns
                                + "; every object must have the same keys (a missing value may be null)");
                    }
                }
                String[] cells = new String[columns.size()];
                for (int c = 0; c < cells.length; c++) {
                    String v = values.get(columns.get(c));
                    cells[c] = v == null || v.isEmpty() || v.equals("null") || CsvTables.MISSING.contains(v) ? null : v;
                }
                rows.add(cells);
            }
        } catch (IllegalStateException | IOException e) {
            throw new DataFormatException(source + ": not readable as JSON training data: " + e.getMessage());
        }
        if (rows.size() != lines.length) {
            throw new IllegalStateException(source + ": Tribuo read " + rows.size() + " objects, the shape check "
                    + lines.length);
        }
        return new Table(source, CsvTables.sha256(bytes), columns, rows, lines);
    }

    /**
     * Checks that {@code bytes} is one array of flat objects and returns the line each object starts on; a
     * problem is a {@link DataFormatException} naming the line.
     */
    private static int[] objectLines(byte[] bytes, String source) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new DataFormatException(source + ": expected a JSON array of objects, one per row");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw new DataFormatException(source + ", line " + line + ": expected an object (one row), got "
                            + p.getText());
                }
                lines.add(line);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        throw new DataFormatException(source + ", line " + p.currentTokenLocation().getLineNr()
                                + ": key '" + key + "' holds an " + (value == JsonToken.START_OBJECT ? "object" : "array")
                                + "; training data needs flat objects of numbers and strings");
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new DataFormatException(source + ", line " + p.currentTokenLocation().getLineNr()
                        + ": text after the array");
            }
        } catch (JsonProcessingException e) {
            throw new DataFormatException(source + ", line " + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + source + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new DataFormatException(source + ": an empty array, no rows");
        }
        return lines.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] uncompressed(byte[] raw) throws IOException {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }
}
