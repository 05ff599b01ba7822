package dev.facet.forest;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.facet.contracts.schema.ModelSchema;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a Tribuo forest of classification trees ({@code CARTClassificationTrainer} inside
 * {@code RandomForestTrainer}) into a {@link CompiledForest} whose leaves hold class distributions.
 *
 * <p>What a leaf holds depends on how Tribuo combines the trees, which the ensemble does not expose but its
 * serialized form records: {@link FullyWeightedVotingCombiner} averages the trees' distributions (a leaf's
 * normalised class counts), so a leaf keeps its distribution; {@link VotingCombiner} counts each tree's most
 * probable label, so a leaf keeps a one-hot distribution of that label. Any other combiner is refused. Unequal
 * member weights are not representable; the bundle writer's agreement check refuses them.
 */
final class ClassifierCompiler {

    private ClassifierCompiler() {
    }

    static CompiledForest compile(Model<Label> model, ModelSchema schema, List<String> labels) {
        List<String> modelLabels = ModelBundle.modelLabels(model);
        int k = labels.size();
        int[] rank = new int[k];
        for (int c = 0; c < k; c++) {
            rank[c] = modelLabels.indexOf(labels.get(c));
            if (rank[c] < 0) {
                throw new IllegalArgumentException("the schema's label '" + labels.get(c) + "' is not one of the"
                        + " model's " + modelLabels);
            }
        }
        boolean votes = false;
        List<Model<Label>> members = List.of(model);
        if (model instanceof EnsembleModel<Label> e) {
            votes = votes(e);
            members = e.getModels();
        }
        Builder b = new Builder(labels, votes, schema.features().size());
        int[] roots = new int[members.size()];
        for (int t = 0; t < members.size(); t++) {
            if (!(members.get(t) instanceof TreeModel<Label> tree)) {
                throw new IllegalArgumentException("member " + t + " is a " + members.get(t).getClass().getSimpleName()
                        + ", not a Tribuo tree; only forests of trees compile");
            }
            roots[t] = b.add(tree.getRoot(), CompiledForest.schemaIndex(tree.getFeatureIDMap(), schema));
        }
        double[] nodes = new double[b.codes.size() * 2];
        for (int n = 0; n < b.codes.size(); n++) {
            nodes[2 * n] = b.values.get(n);
            nodes[2 * n + 1] = b.codes.get(n);
        }
        double[] distributions = new double[b.distributions.size()];
        for (int i = 0; i < distributions.length; i++) {
            distributions[i] = b.distributions.get(i);
        }
        return new CompiledForest(schema.features().size(), roots, nodes, k, rank, distributions);
    }

    /** Whether the ensemble combines its trees by votes (true) or by averaging their distributions (false). */
    private static boolean votes(EnsembleModel<Label> e) {
        if (!(e instanceof WeightedEnsembleModel<Label>)) {
            throw new IllegalArgumentException("a " + e.getClass().getSimpleName() + " does not compile; expected"
                    + " Tribuo's WeightedEnsembleModel, as RandomForestTrainer makes");
        }
        ModelProto proto = e.serialize();
        String combiner;
        try {
            combiner = proto.getSerializedData().unpack(WeightedEnsembleModelProto.class).getCombiner().getClassName();
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalArgumentException("cannot read the ensemble's combiner: " + ex.getMessage(), ex);
        }
        if (combiner.equals(FullyWeightedVotingCombiner.class.getName())) {
            return false;
        }
        if (combiner.equals(VotingCombiner.class.getName())) {
            return true;
        }
        throw new IllegalArgumentException("the ensemble combines its trees with " + combiner + "; only "
                + FullyWeightedVotingCombiner.class.getSimpleName() + " and " + VotingCombiner.class.getSimpleName()
                + " compile");
    }

    /** Appends trees depth-first, as {@link CompiledForest}'s layout wants: a split's left child is the next node. */
    private static final class Builder {
        final List<Integer> codes = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        final List<Double> distributions = new ArrayList<>();
        private final List<String> labels;
        private final boolean votes;
        /** Where a split's code puts its right child, and how many nodes fit: {@link CompiledForest#featureBits}. */
        private final int shift;
        private final int maxNodes;
        private int leaves;

        Builder(List<String> labels, boolean votes, int features) {
            this.labels = labels;
            this.votes = votes;
            this.shift = CompiledForest.featureBits(features);
            this.maxNodes = CompiledForest.maxNodes(features);
        }

        int add(Node<Label> node, int[] schemaIndex) {
            int i = codes.size();
            codes.add(-1);
            values.add(0.0);
            if (node instanceof LeafNode<Label> leaf) {
                values.set(i, (double) leaves++);
                Map<String, Label> scores = leaf.getDistribution();
                String vote = leaf.getOutput().getLabel();
                for (String label : labels) {
                    Label score = scores.get(label);
                    distributions.add(votes ? (label.equals(vote) ? 1.0 : 0.0) : score == null ? 0.0 : score.getScore());
                }
            } else if (node instanceof SplitNode<Label> split) {
                values.set(i, split.splitValue());
                add(split.getLessThanOrEqual(), schemaIndex);
                int right = add(split.getGreaterThan(), schemaIndex);
                if (right >= maxNodes) {
                    throw new IllegalArgumentException("more than " + maxNodes + " nodes");
                }
                codes.set(i, right << shift | schemaIndex[split.getFeatureID()]);
            } else {
                throw new IllegalArgumentException("unknown tree node type " + node.getClass().getName());
            }
            return i;
        }
    }
}
