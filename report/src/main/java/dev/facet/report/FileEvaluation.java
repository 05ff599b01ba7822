package dev.facet.report;

import dev.facet.contracts.data.CsvTables;
import dev.facet.contracts.data.DataFormatException;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.InstanceShare;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CSV batch judged against a model version's training reference as one window, with the drift-worker's engine and
 * policy: "is this data what the model was trained on?" before it reaches the model.
 *
 * <p>The file is read with the model's schema, and refused, naming the column (and the line), where serving would
 * refuse the same row: a feature column missing from the header, a value that is not a number, outside the feature's
 * valid range or not one of its categories, or missing where the schema does not allow it. Columns the schema does
 * not know (ids, timestamps, the target) are ignored and listed ({@link Result#ignoredColumns}): an export usually
 * carries some, and refusing them would make the command useless on real files.
 *
 * <p>A file has no model outputs, so there is no prediction drift: the reference is the bundle's without its
 * prediction columns, and only the features are tested. Each row becomes the event serving would publish for it
 * (without outputs; a placeholder prediction that no test reads) and is read by the worker's own
 * {@link EventColumns}, so a file's values reach the engine exactly as a live event's would.
 */
final class FileEvaluation {

    /** @param ignoredColumns header columns that are not schema features, in file order */
    record Result(Reference reference, Segment segment, int rows, List<String> ignoredColumns) {
    }

    private FileEvaluation() {
    }

    static Result evaluate(Path file, Reference bundle, DataDriftPolicy policy) {
        Table table;
        try {
            table = CsvTables.read(file);
        } catch (DataFormatException e) {
            throw new ReportException(e.getMessage());
        }
        ModelSchema schema = bundle.schema();
        List<String> missing = schema.names().stream().filter(n -> table.indexOf(n) < 0).toList();
        if (!missing.isEmpty()) {
            throw new ReportException(file + ": column" + (missing.size() == 1 ? " '" + missing.get(0) + "' is"
                    : "s " + missing + " are") + " missing; model '" + bundle.modelName() + "' version "
                    + bundle.modelVersion() + " needs " + schema.names());
        }
        List<String> ignored = table.columns().stream().filter(c -> schema.indexOf(c) < 0).toList();
        // the features only: outputs a file does not have are not tested
        Reference reference = new Reference(bundle.modelName(), bundle.modelVersion(), schema, bundle.numeric(),
                bundle.categorical(), null, null);
        EventColumns columns = new EventColumns(reference);
        Row row = columns.newRow();
        Samples samples = new Samples(reference);
        int[] index = schema.features().stream().mapToInt(f -> table.indexOf(f.name())).toArray();
        Instant now = Instant.now();
        for (int r = 0; r < table.size(); r++) {
            Map<String, Object> features = new LinkedHashMap<>();
            for (int j = 0; j < index.length; j++) {
                Feature f = schema.features().get(j);
                features.put(f.name(), value(table, r, index[j], f));
            }
            ModelPredictionEvent event = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
                    new UUID(0, r).toString(), now, bundle.modelName(), bundle.modelVersion(),
                    ModelPredictionEvent.REGRESSION, features, 0.0, null, null);
            if (!columns.read(event, row)) {
                throw new IllegalStateException(table.where(r) + ": a checked row did not fit the schema");
            }
            samples.add(row, 0, r); // "offset" = the row's index: the bounds then say which rows were judged
        }
        Evaluation e = new DriftEngine(reference, policy).evaluate(samples.sample("file"), now, InstanceShare.whole());
        return new Result(reference, new Segment("file", e, null, null), table.size(), ignored);
    }

    /** The cell as the event would carry it: a Double, a category, or null; refused as serving would refuse it. */
    private static Object value(Table table, int row, int column, Feature f) {
        String cell = table.cell(row, column);
        String where = table.where(row) + ", column '" + f.name() + "'";
        if (cell == null) {
            if (!f.missingAllowed()) {
                throw new ReportException(where + ": a value is required (the schema does not allow it missing)");
            }
            return null;
        }
        if (!f.isNumeric()) {
            if (!f.categories().contains(cell)) {
                throw new ReportException(where + ": '" + cell + "' is not one of " + f.categories());
            }
            return cell;
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new ReportException(where + ": must be a number, got '" + cell + "'");
        }
        if (!Double.isFinite(v) || !f.inRange(v)) {
            throw new ReportException(where + ": must be a finite number " + f.rangeText() + ", got " + cell);
        }
        return v;
    }
}
