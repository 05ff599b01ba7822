package dev.facet.contracts.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A data file read as text: the header's column names and, per data row, one cell per column. A cell is
 * {@code null} when the value is missing: the file left it empty or wrote {@code NA} or {@code NaN} (the
 * spellings R, pandas and the penguins data use). Each row remembers the line it started on, so that a
 * problem found later (a category the schema does not know, a target that is missing) can name the line.
 *
 * @param source names the data in messages (a path, or "bundled penguins.csv.gz")
 * @param sha256 SHA-256 of the uncompressed bytes, the identity held-out row ids refer to
 */
public record Table(String source, String sha256, List<String> columns, List<String[]> rows, int[] lines) {

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        lines = lines.clone();
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("one line number per row is required");
        }
    }

    /** Index of the column called {@code name}, or -1. */
    public int indexOf(String name) {
        return columns.indexOf(name);
    }

    public int size() {
        return rows.size();
    }

    /** The cell of {@code row} in {@code column}; null when missing. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /** The line of the file where data row {@code row} (0-based) starts. */
    public int line(int row) {
        return lines[row];
    }

    /** Every cell of one column, top to bottom; nulls where missing. */
    public List<String> column(int column) {
        List<String> out = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            out.add(r[column]);
        }
        return out;
    }

    /** "{@code source}, line N" for messages. */
    public String where(int row) {
        return source + ", line " + lines[row];
    }

    @Override
    public String toString() {
        return "Table[" + source + ", " + columns + ", " + rows.size() + " rows, sha256=" + sha256 + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Table t) || !source.equals(t.source) || !sha256.equals(t.sha256)
                || !columns.equals(t.columns) || rows.size() != t.rows.size() || !Arrays.equals(lines, t.lines)) {
            return false;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!Arrays.equals(rows.get(i), t.rows.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return sha256.hashCode() * 31 + columns.hashCode();
    }
}
