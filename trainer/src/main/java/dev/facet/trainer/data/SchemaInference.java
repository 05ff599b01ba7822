package dev.facet.trainer.data;

import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Infers a {@link ModelSchema} from a data table, for training without {@code --schema}. Every column except the
 * target and the excluded ones becomes a feature, in the table's column order:
 * <ul>
 *   <li><b>numeric</b> when every present cell is a decimal number ({@code 12}, {@code -0.5}, {@code 1e3}),
 *       otherwise <b>categorical</b>;</li>
 *   <li>a numeric range is what the data spans widened by {@value #MARGIN} of that span on each side (by
 *       {@value #MARGIN} of the value, or 1 for 0, when the column is constant), so that traffic a little
 *       outside what training saw is still served and then flagged by drift monitoring instead of refused;
 *       a column with no negative value keeps 0 as its floor;</li>
 *   <li>categories are the distinct values seen, sorted by their text (Unicode code points), an order that does
 *       not depend on the order of the rows;</li>
 *   <li>a value may be missing where the column has a missing cell ({@code NA}, {@code NaN} or empty).</li>
 * </ul>
 * The task comes from the caller. A regression target must be numeric and not constant; a classification's
 * labels are the target values seen, sorted as categories are, at least two of them. A target cell may not be
 * missing. The result is written into the bundle, so a person can edit it and train again with
 * {@code --schema}.
 */
public final class SchemaInference {

    /** Share of the span added below and above a numeric column's observed range. */
    public static final double MARGIN = 0.1;

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private SchemaInference() {
    }

    /** True when {@code cell} is a decimal number as this class reads one (not {@code 0x1F}, {@code 1d}, {@code Infinity}). */
    public static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    public static ModelSchema infer(Table table, String target, TaskType task, Set<String> exclude) {
        int targetColumn = table.indexOf(target);
        if (targetColumn < 0) {
            throw new DataFormatException(table.source() + " has no target column '" + target + "'; its columns are "
                    + table.columns());
        }
        for (String name : exclude) {
            if (table.indexOf(name) < 0) {
                throw new DataFormatException(table.source() + " has no column '" + name + "' to exclude; its columns are "
                        + table.columns());
            }
            if (name.equals(target)) {
                throw new DataFormatException("--exclude names the target column '" + target + "'");
            }
        }
        List<Feature> features = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            String name = table.columns().get(c);
            if (c != targetColumn && !exclude.contains(name)) {
                features.add(feature(table, c));
            }
        }
        if (features.isEmpty()) {
            throw new DataFormatException(table.source() + ": no feature columns left besides the target '" + target + "'");
        }
        return new ModelSchema(features, task(table, targetColumn, task));
    }

    private static Feature feature(Table table, int column) {
        String name = table.columns().get(column);
        List<String> cells = table.column(column);
        List<String> present = cells.stream().filter(c -> c != null).toList();
        if (present.isEmpty()) {
            throw new DataFormatException(table.source() + ": column '" + name + "' has no values, only missing cells; "
                    + "leave it out with --exclude " + name);
        }
        boolean missing = present.size() < cells.size();
        String seen = present.size() + " values" + (missing ? ", " + (cells.size() - present.size()) + " missing" : "");
        if (present.stream().allMatch(SchemaInference::isNumber)) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (String cell : present) {
                double v = Double.parseDouble(cell);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double span = hi - lo;
            double margin = span > 0 ? MARGIN * span : (lo != 0 ? MARGIN * Math.abs(lo) : 1);
            double min = lo >= 0 ? Math.max(0, lo - margin) : lo - margin;
            double max = hi + margin;
            String description = String.format(Locale.ROOT, "inferred: %s to %s in the training data (%s)",
                    trim(lo), trim(hi), seen);
            return new Feature(name, Feature.Kind.NUMERIC, "", description, min, false, max, List.of(), missing);
        }
        List<String> categories = List.copyOf(new TreeSet<>(present));
        String description = "inferred: " + categories.size() + " categories in the training data (" + seen + ")";
        return new Feature(name, Feature.Kind.CATEGORICAL, "category", description, Double.NaN, false, Double.NaN,
                categories, missing);
    }

    private static Task task(Table table, int column, TaskType task) {
        String target = table.columns().get(column);
        List<String> cells = table.column(column);
        for (int r = 0; r < cells.size(); r++) {
            if (cells.get(r) == null) {
                throw new DataFormatException(table.where(r) + ": the target column '" + target
                        + "' is missing; every training row needs a target");
            }
        }
        TreeSet<String> distinct = new TreeSet<>(cells);
        if (task == TaskType.CLASSIFICATION) {
            if (distinct.size() < 2) {
                throw new DataFormatException(table.source() + ": the classification target column '" + target
                        + "' has a single label " + distinct + "; a classifier needs at least two");
            }
            return new Task.Classification(target, List.copyOf(distinct));
        }
        for (int r = 0; r < cells.size(); r++) {
            if (!isNumber(cells.get(r))) {
                throw new DataFormatException(table.where(r) + ": the regression target column '" + target
                        + "' must be a number, got \"" + cells.get(r) + "\"");
            }
        }
        if (cells.stream().mapToDouble(Double::parseDouble).distinct().count() < 2) {
            throw new DataFormatException(table.source() + ": the target column '" + target + "' is constant ("
                    + cells.get(0) + " on every row); there is nothing to learn");
        }
        return new Task.Regression(target, "");
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
