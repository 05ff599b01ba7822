package dev.facet.bench.model;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.forest.ModelBundle;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.Explanation;
import dev.facet.forest.ForestExplainer;
import dev.facet.contracts.schema.Diamond;
import dev.facet.trainer.TribuoAdapter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.regression.Regressor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One prediction of the default model, Tribuo against the compiled forest, on real held-out rows.
 *
 * <p>Single: one row per call, cycling through 1,000 held-out rows so branch predictors and caches see
 * realistic variety (a single repeated row would flatter both). Batch: 1,000 rows per call, reported per
 * row ({@link OperationsPerInvocation}); Tribuo's batch uses its own {@code predict(Iterable)}. Both include
 * turning a {@link Diamond} into what the model reads (an Example, or a feature vector), since serving pays
 * that too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelBench {

    static final int ROWS = 1_000;

    /**
     * A model repository root holding {@code diamond-price-rf}, a bundle directory, or one model's versions
     * (newest version wins), relative to the working directory.
     */
    @Param("models")
    public String models;

    private Model<Regressor> model;
    private CompiledForest forest;
    private ForestExplainer explainer;
    private Diamond[] rows;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        Path root = Path.of(models);
        Path named = root.resolve("diamond-price-rf");
        Path dir = BundleMetadata.resolve(named).or(() -> BundleMetadata.resolve(root)).orElseThrow(() -> new IllegalStateException(
                "no model bundle under " + root.toAbsolutePath() + "; train it: mvn -q -pl common exec:java"));
        ModelBundle bundle = ModelBundle.load(dir);
        model = bundle.model();
        forest = CompiledForest.compile(model);
        explainer = ModelBundle.loadForest(BundleMetadata.load(dir)).explainer();
        List<LabelledDiamond> all = DiamondsCsv.loadBundled().rows();
        int[] heldOut = bundle.heldOut().rows();
        rows = new Diamond[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = all.get(heldOut[i]).diamond();
        }
    }

    private Diamond nextRow() {
        Diamond d = rows[next];
        next = next + 1 == ROWS ? 0 : next + 1;
        return d;
    }

    @Benchmark
    public double tribuoSingle() {
        return TribuoAdapter.predict(model, nextRow());
    }

    @Benchmark
    public double compiledSingle() {
        return forest.predict(nextRow());
    }

    @Benchmark
    public Explanation explainSingle() {
        return explainer.explain(nextRow().toVector());
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double tribuoBatch() {
        List<Example<Regressor>> examples = new ArrayList<>(ROWS);
        for (Diamond d : rows) {
            examples.add(TribuoAdapter.unlabelled(d));
        }
        double sum = 0;
        for (Prediction<Regressor> p : model.predict(examples)) {
            sum += p.getOutput().getValues()[0];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double compiledBatch() {
        double sum = 0;
        for (Diamond d : rows) {
            sum += forest.predict(d);
        }
        return sum;
    }

    /** What serving's batch path does: the rows' vectors, then one tree-major pass over them. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double compiledTreeMajorBatch() {
        double[][] vectors = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            vectors[i] = rows[i].toVector();
        }
        double sum = 0;
        for (double p : forest.predictAll(vectors)) {
            sum += p;
        }
        return sum;
    }
}
