package dev.facet.trainer.data;

import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;

import java.util.Arrays;
import java.util.List;

/**
 * Checks every row of a table against a schema and encodes it: a numeric feature is its value, a categorical
 * one the 1-based position of its category in the schema's list, a missing value NaN (absent from the Tribuo
 * example). The training data must be what the schema says serving will accept, so a value the schema would
 * refuse is an error naming the file, the line, the column and the value: a column the schema lists but the
 * table lacks, a number outside the schema's range, an unknown category or label, a missing value where the
 * schema allows none, a missing target. Columns the schema does not list are ignored.
 */
public final class TableEncoder {

    private TableEncoder() {
    }

    /** @param schemaSource names the schema in messages ("schema.json", or "the inferred schema") */
    public static TrainingData encode(Table table, ModelSchema schema, String schemaSource, TrainingData.Origin origin) {
        List<Feature> features = schema.features();
        int[] columns = new int[features.size()];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = column(table, features.get(j).name(), schemaSource);
        }
        Task task = schema.task();
        int targetColumn = column(table, task.target(), schemaSource);
        double[][] rows = new double[table.size()][];
        double[] targets = new double[table.size()];
        for (int r = 0; r < table.size(); r++) {
            double[] row = new double[columns.length];
            for (int j = 0; j < columns.length; j++) {
                row[j] = value(table, r, columns[j], features.get(j), schemaSource);
            }
            rows[r] = row;
            targets[r] = target(table, r, targetColumn, task);
        }
        checkTargetVaries(table, task, targets);
        return new TrainingData(schema, rows, targets, origin);
    }

    private static int column(Table table, String name, String schemaSource) {
        int c = table.indexOf(name);
        if (c < 0) {
            throw new DataFormatException(table.source() + " has no column '" + name + "', which " + schemaSource
                    + " lists; its columns are " + table.columns());
        }
        return c;
    }

    private static double value(Table table, int row, int column, Feature f, String schemaSource) {
        String cell = table.cell(row, column);
        if (cell == null) {
            if (!f.missingAllowed()) {
                throw new DataFormatException(table.where(row) + ", column '" + f.name() + "': the value is missing, "
                        + "but " + schemaSource + " does not allow a missing " + f.name());
            }
            return Double.NaN;
        }
        if (!f.isNumeric()) {
            int ordinal = f.ordinalOf(cell);
            if (ordinal == 0) {
                throw new DataFormatException(table.where(row) + ", column '" + f.name() + "': \"" + cell
                        + "\" is not one of the categories " + schemaSource + " lists " + f.categories());
            }
            return ordinal;
        }
        if (!SchemaInference.isNumber(cell)) {
            throw new DataFormatException(table.where(row) + ", column '" + f.name() + "': expected a number, got \""
                    + cell + '"');
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v) || !f.inRange(v)) {
            throw new DataFormatException(table.where(row) + ", column '" + f.name() + "': " + cell
                    + " is outside the range " + schemaSource + " gives it (" + f.rangeText() + ")");
        }
        return v;
    }

    private static double target(Table table, int row, int column, Task task) {
        String cell = table.cell(row, column);
        if (cell == null) {
            throw new DataFormatException(table.where(row) + ": the target column '" + task.target()
                    + "' is missing; every training row needs a target");
        }
        if (task instanceof Task.Classification c) {
            int i = c.labels().indexOf(cell);
            if (i < 0) {
                throw new DataFormatException(table.where(row) + ", column '" + task.target() + "': \"" + cell
                        + "\" is not one of the labels " + c.labels());
            }
            return i;
        }
        double v = SchemaInference.isNumber(cell) ? Double.parseDouble(cell) : Double.NaN;
        if (!Double.isFinite(v)) {
            throw new DataFormatException(table.where(row) + ", column '" + task.target()
                    + "': the regression target must be a number, got \"" + cell + '"');
        }
        return v;
    }

    private static void checkTargetVaries(Table table, Task task, double[] targets) {
        long distinct = Arrays.stream(targets).distinct().count();
        if (distinct >= 2) {
            return;
        }
        if (task instanceof Task.Classification c) {
            throw new DataFormatException(table.source() + ": the classification target column '" + task.target()
                    + "' has a single label [" + c.labels().get((int) targets[0]) + "]; a classifier needs at least two");
        }
        throw new DataFormatException(table.source() + ": the target column '" + task.target() + "' is constant ("
                + targets[0] + " on every row); there is nothing to learn");
    }
}
