package dev.facet.forest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code forest.bin}: a {@link CompiledForest} and its explainer's covers as the bundle stores them, so a service
 * starts in milliseconds from plain arrays instead of deserializing Tribuo's protobuf (seconds, and a large
 * heap; BENCHMARKS.md). Tribuo's {@code model.tribuo} stays in the bundle as the source of truth; this
 * file is derived from it at training time and covered by the same manifest checksums.
 *
 * <p>Layout, big-endian: magic {@code "FCTF"}, format version, trees {@code T}, nodes {@code N}, background rows
 * {@code B} (0 when no covers were counted), {@code T} root indices, {@code N} pairs of doubles in
 * {@link CompiledForest}'s layout; from version 2, then the input's feature count {@code F}, the class count
 * {@code K} (0 for a regressor) and, for a classifier, the leaf count {@code L}, {@code K} ints (each class's
 * position in the Tribuo model's label order, which breaks ties) and {@code L * K} doubles, the leaves' class
 * distributions in the schema's label order (a classifier's leaf value is the index of its distribution); then {@code N}
 * covers as ints when {@code B > 0}. Version 1, the diamonds forests written before classifiers, has no
 * {@code F}, {@code K} or distributions and reads as a regressor over nine features; this writer writes 2.
 *
 * <p>{@link #read} trusts nothing: besides the sizes it checks that every split's children lie after it (so every
 * walk ends), features are within the input, values are finite, distributions are probabilities and covers
 * consistent, and names the first problem.
 */
public final class ForestFile {

    /** What the file holds: the forest and, when {@code backgroundSize > 0}, its covers. */
    public record Contents(CompiledForest forest, long[] covers, int backgroundSize) {

        /** The explainer, or null when no covers were stored. */
        public ForestExplainer explainer() {
            return backgroundSize > 0 ? ForestExplainer.of(forest, covers, backgroundSize) : null;
        }
    }

    static final int MAGIC = 0x46435446; // "FCTF"
    public static final int FORMAT_VERSION = 2;
    /** The first version, regressors over the nine diamonds features only; still read. */
    static final int FORMAT_VERSION_1 = 1;
    private static final int V1_FEATURES = 9;
    private static final int HEADER_BYTES = 5 * Integer.BYTES;
    private static final int MAX_NODES = 1 << 26;
    private static final int MAX_CLASSES = 1 << 16;

    private ForestFile() {
    }

    /** Writes {@code forest} and, if {@code covers} is not null, its covers over {@code backgroundSize} rows. */
    public static void write(Path file, CompiledForest forest, long[] covers, int backgroundSize) throws IOException {
        int[] roots = forest.rootArray();
        double[] nodes = forest.nodeArray();
        double[] distributions = forest.distributionArray();
        int n = forest.nodes();
        int classes = forest.classes();
        boolean withCovers = covers != null;
        if (withCovers && (covers.length != n || backgroundSize <= 0)) {
            throw new IllegalArgumentException(covers.length + " covers over " + backgroundSize + " rows for " + n + " nodes");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + roots.length * Integer.BYTES + nodes.length * Double.BYTES
                + 2 * Integer.BYTES + (classes > 0 ? (1 + classes) * Integer.BYTES + distributions.length * Double.BYTES : 0)
                + (withCovers ? n * Integer.BYTES : 0));
        b.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(roots.length).putInt(n).putInt(withCovers ? backgroundSize : 0);
        for (int r : roots) {
            b.putInt(r);
        }
        b.asDoubleBuffer().put(nodes);
        b.position(b.position() + nodes.length * Double.BYTES);
        b.putInt(forest.features()).putInt(classes);
        if (classes > 0) {
            b.putInt(distributions.length / classes);
            for (int r : forest.modelRankArray()) {
                b.putInt(r);
            }
            b.asDoubleBuffer().put(distributions);
            b.position(b.position() + distributions.length * Double.BYTES);
        }
        if (withCovers) {
            for (long c : covers) {
                b.putInt(Math.toIntExact(c));
            }
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            out.write(b.array());
        }
    }

    /** Reads and checks a forest file; an {@link IllegalArgumentException} names the first problem. */
    public static Contents read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < HEADER_BYTES || b.getInt() != MAGIC) {
            throw new IllegalArgumentException(file + " is not a compiled forest (no FCTF header)");
        }
        int version = b.getInt();
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            throw new IllegalArgumentException(file + ": forest format version " + version + " is not supported; "
                    + "this reader reads " + FORMAT_VERSION_1 + " and " + FORMAT_VERSION);
        }
        int trees = b.getInt();
        int n = b.getInt();
        int background = b.getInt();
        if (trees <= 0 || n < trees || n > MAX_NODES || background < 0) {
            throw new IllegalArgumentException(file + ": implausible sizes: " + trees + " trees, " + n + " nodes, "
                    + background + " background rows");
        }
        long coverBytes = background > 0 ? (long) n * Integer.BYTES : 0;
        long nodesEnd = HEADER_BYTES + (long) trees * Integer.BYTES + (long) n * 2 * Double.BYTES;
        int features = V1_FEATURES;
        int classes = 0;
        int leaves = 0;
        if (version != FORMAT_VERSION_1) {
            if (b.capacity() < nodesEnd + 2 * Integer.BYTES) {
                throw new IllegalArgumentException(file + " has " + b.capacity() + " bytes; its header announces at"
                        + " least " + (nodesEnd + 2 * Integer.BYTES));
            }
            features = b.getInt((int) nodesEnd);
            classes = b.getInt((int) nodesEnd + Integer.BYTES);
            if (features < 1 || features > CompiledForest.MAX_FEATURES || classes < 0 || classes == 1
                    || classes > MAX_CLASSES) {
                throw new IllegalArgumentException(file + ": implausible sizes: " + features + " features, "
                        + classes + " classes");
            }
            if (classes > 0) {
                if (b.capacity() < nodesEnd + 3 * Integer.BYTES) {
                    throw new IllegalArgumentException(file + " has " + b.capacity() + " bytes; its header"
                            + " announces at least " + (nodesEnd + 3 * Integer.BYTES));
                }
                leaves = b.getInt((int) nodesEnd + 2 * Integer.BYTES);
                if (leaves < 1 || leaves > n) {
                    throw new IllegalArgumentException(file + ": implausible sizes: " + leaves + " leaves of " + n
                            + " nodes");
                }
            }
        }
        long expected = nodesEnd + (version == FORMAT_VERSION_1 ? 0 : 2 * Integer.BYTES)
                + (classes > 0 ? (1L + classes) * Integer.BYTES + (long) leaves * classes * Double.BYTES : 0) + coverBytes;
        if (b.capacity() != expected) {
            throw new IllegalArgumentException(file + " has " + b.capacity() + " bytes; its header announces " + expected);
        }
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = b.getInt();
            if (roots[t] < 0 || roots[t] >= n) {
                throw new IllegalArgumentException(file + ": root of tree " + t + " is node " + roots[t] + " of " + n);
            }
        }
        double[] nodes = new double[2 * n];
        b.asDoubleBuffer().get(nodes);
        b.position(b.position() + nodes.length * Double.BYTES);
        for (int i = 0; i < n; i++) {
            checkNode(file, nodes, i, n, features, leaves);
        }
        double[] distributions = new double[leaves * classes];
        int[] ranks = new int[classes];
        if (version != FORMAT_VERSION_1) {
            b.position(b.position() + 2 * Integer.BYTES + (classes > 0 ? Integer.BYTES : 0));
            boolean[] seen = new boolean[classes];
            for (int c = 0; c < classes; c++) {
                ranks[c] = b.getInt();
                if (ranks[c] < 0 || ranks[c] >= classes || seen[ranks[c]]) {
                    throw new IllegalArgumentException(file + ": class " + c + " has label rank " + ranks[c]
                            + "; the ranks must be a permutation of 0.." + (classes - 1));
                }
                seen[ranks[c]] = true;
            }
            b.asDoubleBuffer().get(distributions);
            b.position(b.position() + distributions.length * Double.BYTES);
            for (int i = 0; i < distributions.length; i++) {
                if (!(distributions[i] >= 0 && distributions[i] <= 1)) {
                    throw new IllegalArgumentException(file + ": leaf distribution " + i / classes + " has a"
                            + " probability " + distributions[i] + " outside [0, 1]");
                }
            }
        }
        CompiledForest forest = new CompiledForest(features, roots, nodes, classes, ranks, distributions);
        long[] covers = null;
        if (background > 0) {
            covers = new long[n];
            for (int i = 0; i < n; i++) {
                covers[i] = b.getInt();
                if (covers[i] < 0 || covers[i] > background) {
                    throw new IllegalArgumentException(file + ": node " + i + " covers " + covers[i] + " of "
                            + background + " rows");
                }
            }
        }
        return new Contents(forest, covers, background);
    }

    private static void checkNode(Path file, double[] nodes, int i, int n, int features, int leaves) {
        double value = nodes[2 * i];
        double code = nodes[2 * i + 1];
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(file + ": node " + i + " has a non-finite threshold or value " + value);
        }
        if (code == -1) {
            if (leaves > 0 && !(value >= 0 && value < leaves && value == Math.rint(value))) {
                throw new IllegalArgumentException(file + ": leaf " + i + " names distribution " + value + " of "
                        + leaves);
            }
            return;
        }
        if (!(code >= 0) || code != Math.rint(code)) {
            throw new IllegalArgumentException(file + ": node " + i + " has an invalid code " + code);
        }
        long c = (long) code;
        int bits = CompiledForest.featureBits(features);
        long feature = c & ((1L << bits) - 1);
        long right = c >>> bits;
        if (feature >= features || right <= i + 1 || right >= n) {
            throw new IllegalArgumentException(file + ": split node " + i + " has feature " + feature
                    + " and right child " + right + " (of " + n + " nodes; children must follow their parent)");
        }
    }
}
