package dev.facet.simulator.scenario;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The held-out rows of one model (never seen in its training), drawn uniformly with replacement, with the schema that
 * says what their values mean.
 */
public record HeldOut(ModelSchema schema, List<Row> rows) {

    public HeldOut {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no held-out rows to replay");
        }
    }

    /** Diamonds as rows of the diamonds model's schema (price as the actual): {@link #diamonds}, as a constructor. */
    public HeldOut(List<LabelledDiamond> diamonds) {
        this(DiamondSchema.MODEL_SCHEMA, diamondRows(diamonds));
    }

    /** Diamonds as rows of the diamonds model's schema (price as the actual). */
    public static HeldOut diamonds(List<LabelledDiamond> diamonds) {
        return new HeldOut(diamonds);
    }

    private static List<Row> diamondRows(List<LabelledDiamond> diamonds) {
        List<Feature> features = DiamondSchema.MODEL_SCHEMA.features();
        List<Row> rows = new ArrayList<>(diamonds.size());
        for (LabelledDiamond d : diamonds) {
            Object[] values = new Object[features.size()];
            for (int i = 0; i < values.length; i++) {
                Feature f = features.get(i);
                values[i] = f.isNumeric() ? (Object) d.diamond().numeric(f.name()) : d.diamond().category(f.name());
            }
            rows.add(new Row(values, d.price()));
        }
        return rows;
    }

    /**
     * Rows {@code indices} (0-based data rows, header excluded, as {@code heldout-rows.json} lists them) of the
     * training data {@code table}, read by the schema's column names: a number, a category, or null where the
     * cell is missing. A missing or unreadable cell the schema does not allow is an error naming the line.
     */
    public static HeldOut fromTable(ModelSchema schema, Table table, int[] indices) {
        List<Feature> features = schema.features();
        int[] columns = new int[features.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(table, features.get(i).name());
        }
        int target = column(table, schema.task().target());
        List<Row> rows = new ArrayList<>(indices.length);
        for (int r : indices) {
            if (r < 0 || r >= table.size()) {
                throw new IllegalArgumentException("held-out row " + r + " is not among the " + table.size()
                        + " data rows of " + table.source());
            }
            Object[] values = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = value(table, r, columns[i], features.get(i));
            }
            String actual = table.cell(r, target);
            if (actual == null) {
                throw new IllegalArgumentException(table.where(r) + ": the target '" + schema.task().target()
                        + "' is missing");
            }
            rows.add(new Row(values, schema.isClassification() ? actual : (Object) number(table, r, target, actual)));
        }
        return new HeldOut(schema, rows);
    }

    private static int column(Table table, String name) {
        int c = table.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException(table.source() + " has no column '" + name + "', which the model's"
                    + " schema names; its columns are " + table.columns());
        }
        return c;
    }

    private static Object value(Table table, int row, int column, Feature f) {
        String cell = table.cell(row, column);
        if (cell == null) {
            if (!f.missingAllowed()) {
                throw new IllegalArgumentException(table.where(row) + ", column '" + f.name()
                        + "': missing, but the model's schema does not allow a missing " + f.name());
            }
            return null;
        }
        return f.isNumeric() ? (Object) number(table, row, column, cell) : cell;
    }

    private static double number(Table table, int row, int column, String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(table.where(row) + ", column '" + table.columns().get(column)
                    + "': expected a number, got \"" + cell + '"', e);
        }
    }

    public Row draw(SplittableRandom random) {
        return rows.get(random.nextInt(rows.size()));
    }

    /** The subset matching {@code filter}; fails when it is empty, since a scenario could not draw from it. */
    public HeldOut where(Predicate<Row> filter, String what) {
        List<Row> subset = rows.stream().filter(filter).toList();
        if (subset.isEmpty()) {
            throw new IllegalArgumentException("no held-out rows with " + what);
        }
        return new HeldOut(schema, subset);
    }

    /** Position of feature {@code name} in the schema, or an error naming the features there are. */
    public int feature(String name, String usedBy) {
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(usedBy + ": the model has no feature '" + name + "'; its features are "
                    + schema.names());
        }
        return i;
    }
}
