package dev.facet.contracts.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV file (plain or gzip, detected by its magic bytes) into a {@link Table} with Apache Commons CSV,
 * RFC 4180 style: a header row, comma-separated cells, double quotes around a cell that holds a comma, a quote
 * ({@code ""}) or a line break. Cells are trimmed; blank lines are skipped. {@code NA}, {@code NaN} and an empty
 * cell are missing values. Every problem is a {@link DataFormatException} naming the file and the line.
 */
public final class CsvTables {

    /** The spellings of a missing value, besides an empty cell. */
    public static final Set<String> MISSING = Set.of("NA", "NaN");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    private CsvTables() {
    }

    /** A file on disk. */
    public static Table read(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(raw, file.toString());
    }

    /** The bytes of a CSV file; {@code source} names it in messages. */
    public static Table parse(byte[] raw, String source) {
        byte[] bytes = uncompressed(raw, source);
        String text = utf8(bytes, source);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark would otherwise become part of the first column's name
        }
        int[] lineStarts = lineStarts(text);
        List<String> columns = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            for (CSVRecord record : parser) {
                int line = lineOf(lineStarts, recordStart(text, record.getCharacterPosition()));
                if (columns == null) {
                    columns = header(record, line, source);
                    continue;
                }
                if (record.size() < columns.size()) {
                    throw new DataFormatException(source + ", line " + line + ": " + record.size()
                            + " cells, but the header has " + columns.size() + " columns " + columns + "; "
                            + columns.subList(record.size(), columns.size()) + " are missing");
                }
                if (record.size() > columns.size()) {
                    throw new DataFormatException(source + ", line " + line + ": " + record.size()
                            + " cells, more than the header's " + columns.size() + " columns " + columns
                            + " (is a cell holding a comma not quoted?)");
                }
                String[] cells = record.values();
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i].isEmpty() || MISSING.contains(cells[i])) {
                        cells[i] = null;
                    }
                }
                rows.add(cells);
                lines.add(line);
            }
        } catch (IOException | UncheckedIOException e) {
            // commons-csv reports malformed quoting (an unterminated quote, text after a closing quote) so
            throw new DataFormatException(source + ": not valid CSV: " + e.getMessage());
        }
        if (columns == null) {
            throw new DataFormatException(source + ": empty file, expected a header row");
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(source + ": no data rows after the header");
        }
        return new Table(source, sha256(bytes), columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<String> header(CSVRecord record, int line, String source) {
        List<String> names = Arrays.asList(record.values());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new DataFormatException(source + ", line " + line + ": header column " + (i + 1)
                        + " has no name");
            }
            if (!seen.add(name)) {
                throw new DataFormatException(source + ", line " + line + ": header names column '" + name
                        + "' twice");
            }
        }
        return names;
    }

    private static byte[] uncompressed(byte[] raw, String source) {
        if (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new DataFormatException(source + ": not a readable gzip file: " + e.getMessage());
            }
        }
        return raw;
    }

    private static String utf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(source + ": not UTF-8 text");
        }
    }

    /** Offsets where each line starts; a record's character position then gives its 1-based line. */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A record's position is where the parser began, before the blank lines it skipped. */
    private static int recordStart(String text, long position) {
        int p = (int) position;
        while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
            p++;
        }
        return p;
    }

    private static int lineOf(int[] lineStarts, long position) {
        int i = Arrays.binarySearch(lineStarts, (int) position);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
