package dev.facet.bench.model;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.forest.ClassExplanation;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ForestExplainer;
import dev.facet.forest.ModelBundle;
import dev.facet.forest.TribuoExamples;
import dev.facet.trainer.data.TableEncoder;
import dev.facet.trainer.data.TrainingData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One prediction of the penguin-species classifier ({@code <models>/penguins}), Tribuo against the compiled
 * forest, and one explanation, on the bundle's held-out rows (every one, cycled; some have missing values).
 * Both predictions include turning the row into what the model reads; the compiled side answers every class's
 * probability and the label, as serving does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifierBench {

    /** The model repository root; the classifier is its {@code penguins} model, newest version. */
    @Param("models")
    public String models;

    private Model<Label> model;
    private TribuoExamples examples;
    private CompiledForest forest;
    private ForestExplainer explainer;
    private double[][] rows;
    private double[] probabilities;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        Path root = Path.of(models).resolve("penguins");
        Path dir = BundleMetadata.resolve(root).orElseThrow(() -> new IllegalStateException(
                "no penguins bundle under " + root.toAbsolutePath() + "; train it: mvn -q -pl trainer exec:java"
                        + " -Dexec.args=\"--data penguins --target species --task classification --name penguins\""));
        ModelBundle bundle = ModelBundle.load(dir);
        model = bundle.classifier();
        examples = new TribuoExamples(bundle.schema());
        forest = CompiledForest.compile(model, bundle.schema());
        explainer = ModelBundle.loadForest(BundleMetadata.load(dir)).explainer();
        BundledData data = BundledData.PENGUINS;
        TrainingData all = TableEncoder.encode(data.table(), bundle.schema(), "the bundle's schema",
                new TrainingData.Origin(data.title(), data.origin(), data.licence(), data.sha256()));
        int[] heldOut = bundle.heldOut().rows();
        rows = new double[heldOut.length][];
        for (int i = 0; i < heldOut.length; i++) {
            rows[i] = all.rows()[heldOut[i]];
        }
        probabilities = new double[forest.classes()];
    }

    private double[] nextRow() {
        double[] x = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return x;
    }

    @Benchmark
    public double tribuoSingle() {
        Prediction<Label> p = model.predict(examples.example(LabelFactory.UNKNOWN_LABEL, nextRow()));
        return p.getOutput().getScore();
    }

    @Benchmark
    public int compiledSingle() {
        forest.predictProba(nextRow(), probabilities);
        return forest.label(probabilities);
    }

    @Benchmark
    public ClassExplanation explainSingle() {
        return explainer.explainClasses(nextRow());
    }
}
