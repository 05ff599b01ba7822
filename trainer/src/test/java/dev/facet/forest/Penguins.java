package dev.facet.forest;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * The committed Palmer penguins data (344 rows, real missing values), read naively for the forest's tests (the
 * file has no quoted fields; the trainer's CSV reader is tested elsewhere), and a species classifier trained on it
 * with Tribuo directly, configured as the trainer ships one: random forest of CART classification trees with
 * per-split feature sampling, probabilities averaged.
 */
final class Penguins {

    static final ModelSchema SCHEMA = new ModelSchema(List.of(
            new Feature("island", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("Biscoe", "Dream", "Torgersen"), false),
            numeric("culmen_length_mm", 20, 70),
            numeric("culmen_depth_mm", 10, 25),
            numeric("flipper_length_mm", 150, 250),
            numeric("body_mass_g", 2000, 7000),
            new Feature("sex", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("FEMALE", "MALE"), true)),
            new Task.Classification("species", List.of("Gentoo", "Adelie", "Chinstrap")));

    final double[][] rows;
    final String[] species;
    final HeldOutRows heldOut;

    private Penguins(double[][] rows, String[] species) {
        this.rows = rows;
        this.species = species;
        this.heldOut = new HeldOutRows(1, "0".repeat(64), 0, IntStream.range(0, rows.length).filter(Penguins::held)
                .toArray());
    }

    private static Feature numeric(String name, double min, double max) {
        return new Feature(name, Feature.Kind.NUMERIC, name.substring(name.lastIndexOf('_') + 1), "", min, false, max,
                List.of(), true);
    }

    static boolean held(int row) {
        return row % 5 == 2;
    }

    static Penguins load() {
        List<double[]> rows = new ArrayList<>();
        List<String> species = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Penguins.class.getResourceAsStream("/dev/facet/data/penguins.csv.gz")), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                double[] x = new double[6];
                for (int f = 0; f < 6; f++) {
                    Feature feature = SCHEMA.features().get(f);
                    String cell = cells[f + 1];
                    if (feature.isNumeric()) {
                        x[f] = cell.isEmpty() || cell.equals("NA") ? Double.NaN : Double.parseDouble(cell);
                    } else {
                        int ordinal = feature.ordinalOf(cell);
                        x[f] = ordinal == 0 ? Double.NaN : ordinal;
                    }
                }
                rows.add(x);
                species.add(cells[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Penguins(rows.toArray(double[][]::new), species.toArray(String[]::new));
    }

    Model<Label> train(int trees, int maxDepth, long seed, boolean voting) {
        return train(trees, maxDepth, 1f, seed, voting);
    }

    Model<Label> train(int trees, int maxDepth, float minChildWeight, long seed, boolean voting) {
        TribuoExamples examples = new TribuoExamples(SCHEMA);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("penguins", factory),
                factory);
        for (int i = 0; i < rows.length; i++) {
            if (!held(i)) {
                dataset.add(examples.example(new Label(species[i]), rows[i]));
            }
        }
        CARTClassificationTrainer tree = new CARTClassificationTrainer(maxDepth, minChildWeight, 0f, 0.67f, false, new GiniIndex(),
                seed);
        return new RandomForestTrainer<>(tree, voting ? new VotingCombiner() : new FullyWeightedVotingCombiner(),
                trees, seed).train(dataset);
    }

    double[][] heldOutRows() {
        return IntStream.of(heldOut.rows()).mapToObj(i -> rows[i]).toArray(double[][]::new);
    }
}
