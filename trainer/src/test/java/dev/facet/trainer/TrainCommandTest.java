package dev.facet.trainer;

import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.ClassificationMetrics;
import dev.facet.forest.ModelBundle;
import dev.facet.trainer.data.GeneratedCsv;
import dev.facet.trainer.data.SameRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The train command end to end: arguments in, a bundle that loads out, or one line naming the problem. */
class TrainCommandTest {

    /** Exit status, standard output and standard error of one run. */
    record Run(int status, String out, String err) {
    }

    static Run train(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new TrainCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void helpListsTheOptions() {
        Run run = train("--help");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("--target").contains("--task").contains("--schema").contains("--exclude");
    }

    @Test
    void thePenguinClassifierTrainsFromTheCommittedDataAndItsBundleLoadsBack(@TempDir Path tmp) {
        Run run = train("--data", "penguins", "--target", "species", "--task", "classification",
                "--name", "penguins", "--models", tmp.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Path dir = tmp.resolve("penguins").resolve("1");

        BundleMetadata meta = BundleMetadata.load(dir);
        assertThat(meta.schema().task()).isEqualTo(new Task.Classification("species",
                List.of("Adelie", "Chinstrap", "Gentoo")));
        assertThat(meta.schema().names()).containsExactly("island", "culmen_length_mm", "culmen_depth_mm",
                "flipper_length_mm", "body_mass_g", "sex");
        assertThat(meta.schema().feature("sex").orElseThrow().missingAllowed()).isTrue();
        assertThat(meta.schema().feature("island").orElseThrow().missingAllowed()).isFalse();
        assertThat(meta.stats().missingShare().get("sex")).isGreaterThan(0);
        assertThat(meta.stats().predictedLabels().counts().keySet()).containsExactly("Adelie", "Chinstrap", "Gentoo");
        assertThat(meta.heldOut().rows()).hasSize(69); // 20% of 344

        ClassificationMetrics m = meta.card().heldOutClassification();
        assertThat(m.count()).isEqualTo(69);
        assertThat(m.accuracy()).isGreaterThan(0.9);
        assertThat(m.macroF1()).isGreaterThan(0.85);
        assertThat(meta.card().heldOutMetrics()).isNull();
        assertThat(meta.stats().heldOutClassification()).isEqualTo(m);
        long total = 0;
        for (long[] row : m.confusion()) {
            for (long v : row) {
                total += v;
            }
        }
        assertThat(total).isEqualTo(69);

        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.classifier()).isNotNull();
        assertThat(bundle.schema()).isEqualTo(meta.schema());
        System.out.println("penguins held out: accuracy " + m.accuracy() + ", macro-F1 " + m.macroF1()
                + ", log loss " + m.logLoss());
    }

    @Test
    void aCsvWithColumnsNeverSeenBeforeTrainsAndItsWrittenSchemaTrainsTheSameModelAgain(@TempDir Path tmp)
            throws IOException {
        Path csv = tmp.resolve("gen.csv");
        Files.writeString(csv, GeneratedCsv.of(5, 600));
        Run first = train("--data", csv.toString(), "--target", "wobble", "--task", "regression",
                "--name", "wobbler", "--small", "--models", tmp.resolve("models").toString());
        assertThat(first.status()).as(first.err()).isZero();
        Path dir = tmp.resolve("models/wobbler/1");
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.schema().names()).containsExactly("gizmo_count", "habitat, broad", "verdict");
        assertThat(bundle.card().data().sha256()).isEqualTo(bundle.heldOut().dataSha256());

        Run again = train("--data", csv.toString(), "--target", "wobble", "--schema",
                dir.resolve(BundleFiles.SCHEMA).toString(), "--name", "wobbler", "--version", "2", "--small",
                "--models", tmp.resolve("models").toString());
        assertThat(again.status()).as(again.err()).isZero();
        ModelBundle second = ModelBundle.load(tmp.resolve("models/wobbler/2"));
        assertThat(second.schema()).isEqualTo(bundle.schema());
        assertThat(second.card().heldOutMetrics()).isEqualTo(bundle.card().heldOutMetrics());
    }

    @Test
    void theDiamondsSchemaThroughTheGenericPathGivesTheDefaultRecipesMetricsToTheLastDigit(@TempDir Path tmp)
            throws IOException {
        Path schema = tmp.resolve("diamonds-schema.json");
        DiamondSchema.MODEL_SCHEMA.write(schema);
        Run run = train("--data", "diamonds", "--target", "price", "--schema", schema.toString(),
                "--name", "d", "--small", "--out", tmp.resolve("generic").toString());
        assertThat(run.status()).as(run.err()).isZero();
        ForestTrainer.Result recipe = ForestTrainer.train(DiamondsCsv.loadBundled(), ForestConfig.SMALL, "d", "1",
                m -> { });
        BundleMetadata generic = BundleMetadata.load(tmp.resolve("generic"));
        assertThat(generic.card().heldOutMetrics()).isEqualTo(recipe.metrics());
        assertThat(generic.stats().prediction()).isEqualTo(recipe.stats().prediction());
        assertThat(generic.heldOut().rows()).isEqualTo(recipe.heldOut().rows());
        assertThat(generic.schema()).isEqualTo(DiamondSchema.MODEL_SCHEMA);
    }

    @Test
    void badTrainingDataIsOneLineNamingTheFileAndTheColumn(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "a,b,flat,kind\n1,x,5,cat\n2,y,5,cat\n3,x,5,cat\n");
        String data = csv.toString();
        String models = tmp.resolve("models").toString();

        Run missing = train("--data", data, "--target", "price", "--task", "regression", "--name", "m", "--models", models);
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains(data).contains("no target column 'price'").doesNotContain("Exception");

        Run constant = train("--data", data, "--target", "flat", "--task", "regression", "--name", "m", "--models", models);
        assertThat(constant.status()).isEqualTo(2);
        assertThat(constant.err()).contains(data).contains("'flat' is constant");

        Run single = train("--data", data, "--target", "kind", "--task", "classification", "--name", "m", "--models", models);
        assertThat(single.status()).isEqualTo(2);
        assertThat(single.err()).contains(data).contains("'kind' has a single label [cat]");

        Path schema = tmp.resolve("schema.json");
        new ModelSchema(DiamondSchema.FEATURES, new Task.Regression("flat", "")).write(schema);
        Run lacking = train("--data", data, "--target", "flat", "--schema", schema.toString(), "--name", "m",
                "--models", models);
        assertThat(lacking.status()).isEqualTo(2);
        assertThat(lacking.err()).contains(data + " has no column 'carat', which --schema " + schema + " lists");

        Run noTask = train("--data", data, "--target", "flat", "--name", "m", "--models", models);
        assertThat(noTask.status()).isEqualTo(2);
        assertThat(noTask.err()).contains("--task regression|classification is required");

        Run badName = train("--data", data, "--target", "a", "--task", "regression", "--name", "../up", "--models", models);
        assertThat(badName.status()).isEqualTo(2);
        assertThat(badName.err()).contains("--name must match").contains("'../up'");

        assertThat(Files.exists(tmp.resolve("models"))).isFalse(); // nothing half-written
    }

    @Test
    void jsonTrainingDataTrainsAModelWhoseSchemaIsTheOneTheSameCsvGives(@TempDir Path tmp) throws IOException {
        SameRows same = SameRows.of(9, 400);
        Path json = Files.writeString(tmp.resolve("pairs.json"), same.json());
        Path csv = Files.writeString(tmp.resolve("pairs.csv"), same.csv());
        String models = tmp.resolve("models").toString();
        Run fromJson = train("--data", json.toString(), "--target", "verdict", "--task", "classification",
                "--name", "from-json", "--small", "--models", models);
        assertThat(fromJson.status()).as(fromJson.err()).isZero();
        Run fromCsv = train("--data", csv.toString(), "--target", "verdict", "--task", "classification",
                "--name", "from-csv", "--small", "--models", models);
        assertThat(fromCsv.status()).as(fromCsv.err()).isZero();
        ModelBundle a = ModelBundle.load(tmp.resolve("models/from-json/1"));
        ModelBundle b = ModelBundle.load(tmp.resolve("models/from-csv/1"));
        assertThat(a.schema()).isEqualTo(b.schema());
        assertThat(a.schema().names()).containsExactly("colour", "count", "size");
        assertThat(a.card().heldOutClassification()).isEqualTo(b.card().heldOutClassification());
        assertThat(a.card().data().source()).isEqualTo(json.toString());
        assertThat(a.heldOut().dataSha256()).isEqualTo(a.card().data().sha256());
    }

    @Test
    void badJsonTrainingDataIsOneLineNamingTheFileAndTheProblem(@TempDir Path tmp) throws IOException {
        String models = tmp.resolve("models").toString();
        Path nested = Files.writeString(tmp.resolve("nested.json"), "[{\"a\": 1, \"y\": 2},\n {\"a\": [1], \"y\": 3}]");
        Run run = train("--data", nested.toString(), "--target", "y", "--task", "regression", "--name", "m",
                "--models", models);
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(nested + ", line 2: key 'a' holds an array").doesNotContain("Exception");

        Path flat = Files.writeString(tmp.resolve("flat.json"),
                "[{\"a\": 1, \"y\": 2, \"k\": \"cat\"}, {\"a\": 2, \"y\": 2.0, \"k\": \"cat\"}]");
        Run constant = train("--data", flat.toString(), "--target", "y", "--task", "regression", "--name", "m",
                "--models", models);
        assertThat(constant.status()).isEqualTo(2);
        assertThat(constant.err()).contains(flat.toString()).contains("'y' is constant");
        Run single = train("--data", flat.toString(), "--target", "k", "--task", "classification", "--name", "m",
                "--models", models);
        assertThat(single.status()).isEqualTo(2);
        assertThat(single.err()).contains(flat.toString()).contains("'k' has a single label [cat]");
        Run missing = train("--data", flat.toString(), "--target", "price", "--task", "regression", "--name", "m",
                "--models", models);
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains(flat.toString()).contains("no target column 'price'");
        assertThat(Files.exists(tmp.resolve("models"))).isFalse();
    }

    @Test
    void aTargetColumnTheSchemaNamesButTheCsvLacksIsRefusedNamingFileAndColumn(@TempDir Path tmp) throws IOException {
        Path csv = Files.writeString(tmp.resolve("gen.csv"), GeneratedCsv.of(5, 100).replace("verdict", "outcome"));
        Path schema = tmp.resolve("schema.json");
        new ModelSchema(List.of(new Feature("wobble", Feature.Kind.NUMERIC, "", "", -10, false, 10, List.of(), false)),
                new Task.Classification("verdict", List.of("keep", "maybe", "toss"))).write(schema);
        Run run = train("--data", csv.toString(), "--target", "verdict", "--schema", schema.toString(), "--name", "m",
                "--models", tmp.resolve("models").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(csv + " has no column 'verdict', which --schema " + schema + " lists");
        assertThat(Files.exists(tmp.resolve("models"))).isFalse();
    }

    @Test
    void aLabelWhoseOnlyRowsAreHeldOutIsRefusedNamingTheLabelAndTheFile(@TempDir Path tmp) throws IOException {
        int n = 200;
        Split split = Split.of(n, ForestConfig.SMALL.heldOutFraction(), ForestConfig.SMALL.seed());
        int rare = split.heldOut()[0];
        StringBuilder csv = new StringBuilder("x,kind\n");
        for (int i = 0; i < n; i++) {
            csv.append(i).append(',').append(i == rare ? "rare" : i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Path file = Files.writeString(tmp.resolve("rare.csv"), csv.toString());
        Run run = train("--data", file.toString(), "--target", "kind", "--task", "classification", "--name", "m",
                "--small", "--models", tmp.resolve("models").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("label 'rare' of 'kind' has no training row").contains(file.toString());
        assertThat(Files.exists(tmp.resolve("models"))).isFalse();
    }
}
