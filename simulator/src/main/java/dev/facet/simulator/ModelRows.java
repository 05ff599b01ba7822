package dev.facet.simulator;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.CsvTables;
import dev.facet.contracts.data.Table;
import dev.facet.simulator.scenario.HeldOut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Finds a model's bundle in a repository and reads the rows it held out from training: which rows from the
 * bundle's {@code heldout-rows.json} (0-based data rows of the file whose SHA-256 it records), what they mean from
 * its {@code schema.json}, and the rows themselves from the committed data set with that SHA-256 (diamonds,
 * penguins) or from the file the user gives for a model of their own. Metadata only: the model is not loaded.
 */
final class ModelRows {

    /** The model the original routes served: the one replayed when a repository holds several and none is named. */
    static final String USUAL_DEFAULT = "diamond-price-rf";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * @param name the model's name as served (its manifest's), for {@code /models/{name}/predict}
     * @param choice which rows {@code rows} are: {@link RowChoice#HELDOUT} or {@link RowChoice#ALL}
     * @param why one line saying which rows are replayed and why
     */
    record Replay(String name, String version, Path bundle, HeldOut rows, RowChoice choice, String why) {
    }

    private ModelRows() {
    }

    /**
     * The rows {@code rows} chooses (held-out, or every data row) of {@code model} (null: the only model, or
     * {@value #USUAL_DEFAULT}) under {@code root}, in the repository layout ({@code <root>/<name>/<version>}, newest
     * version) or an older one ({@code <root>/<version>}, or a bundle in {@code root} itself). {@code data}: the
     * training data file when it is not a committed data set.
     */
    static Replay load(Path root, String model, Path data, RowChoice rows) {
        Path bundle = bundle(root, model);
        BundleMetadata meta = BundleMetadata.load(bundle, BundleMetadata.Checks.FILES_READ);
        if (model != null && !model.equals(meta.name())) {
            throw new IllegalArgumentException("no model '" + model + "' under " + root.toAbsolutePath()
                    + ": it holds one model, '" + meta.name() + "', in " + bundle);
        }
        Table table = table(meta, data);
        int[] heldOut = meta.heldOut().rows();
        RowChoice choice = rows.resolve(heldOut.length);
        // a training row's actual is still its true label or value: the trainer used every data row, held out or not
        int[] ids = choice == RowChoice.HELDOUT ? heldOut : IntStream.range(0, table.size()).toArray();
        return new Replay(meta.name(), meta.version(), bundle, HeldOut.fromTable(meta.schema(), table, ids), choice,
                rows.explain(heldOut.length, table.size()));
    }

    static Path bundle(Path root, String model) {
        Optional<Path> older = BundleMetadata.resolve(root);
        if (model != null) {
            if (!NAME.matcher(model).matches()) {
                throw new IllegalArgumentException("--model must be a model's name (letters, digits, . _ -), got '"
                        + model + "'");
            }
            return BundleMetadata.resolve(root.resolve(model)).or(() -> older)
                    .orElseThrow(() -> new IllegalArgumentException("no model '" + model + "' under "
                            + root.toAbsolutePath() + "; models there: " + models(root) + hint()));
        }
        if (older.isPresent()) {
            return older.get();
        }
        List<String> names = models(root);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no model bundle under " + root.toAbsolutePath() + hint()
                    + " (or point --models at a model repository)");
        }
        if (names.contains(USUAL_DEFAULT)) {
            return BundleMetadata.resolve(root.resolve(USUAL_DEFAULT)).orElseThrow();
        }
        if (names.size() > 1) {
            throw new IllegalArgumentException(root.toAbsolutePath() + " holds several models " + names
                    + "; choose one with --model");
        }
        return BundleMetadata.resolve(root.resolve(names.get(0))).orElseThrow();
    }

    /** The models of a repository: its sub-directories that hold a bundle version. */
    static List<String> models(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).filter(d -> BundleMetadata.resolve(d).isPresent())
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static String hint() {
        return "; train one first: ./run.sh trains diamond-price-rf and penguins, or mvn -q -pl trainer exec:java"
                + " -Dexec.args=\"--data FILE.csv --target COLUMN --task regression|classification --name NAME\"";
    }

    /** The data the held-out row ids refer to: the committed set with their SHA-256, or {@code data} if it has it. */
    private static Table table(BundleMetadata meta, Path data) {
        String sha = meta.heldOut().dataSha256();
        if (data != null) {
            Table table = CsvTables.read(data);
            if (!table.sha256().equals(sha)) {
                throw new IllegalArgumentException("--data " + data + " has SHA-256 " + table.sha256() + ", but the"
                        + " held-out rows of " + meta.directory() + " are rows of a file with SHA-256 " + sha
                        + ": give the file the model was trained on");
            }
            return table;
        }
        return Arrays.stream(BundledData.values()).filter(d -> d.sha256().equals(sha)).findFirst()
                .map(BundledData::table)
                .orElseThrow(() -> new IllegalArgumentException("the held-out rows of " + meta.directory()
                        + " are rows of a file with SHA-256 " + sha + ", not one of the committed data sets "
                        + Arrays.stream(BundledData.values()).map(BundledData::key).toList()
                        + "; give it with --data FILE.csv"));
    }
}
