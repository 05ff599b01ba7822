package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Feature;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The generic drift transforms, each driven by the model's schema rather than by a feature name in code. Every
 * one is full strength at strength 1 and the identity at strength 0, and draws the same number of random values
 * whatever it decides, so that a seeded run's stream does not depend on the rows drawn.
 */
public final class Transforms {

    private Transforms() {
    }

    /**
     * A numeric feature times {@code factor} at full strength ({@code 1 + strength (factor - 1)} in between),
     * clamped into the schema's range: drifted traffic must be served and flagged, not refused. A missing value
     * stays missing.
     */
    public record Scale(int index, Feature feature, double factor) implements RowTransform {

        public Scale {
            if (!feature.isNumeric()) {
                throw new IllegalArgumentException("--scale " + feature.name() + ": a categorical feature cannot be"
                        + " scaled; shift its mix with --shift");
            }
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("--scale " + feature.name() + ": the factor must be a finite"
                        + " number > 0, got " + factor);
            }
        }

        @Override
        public Row apply(Row row, double strength, SplittableRandom random) {
            Object v = row.value(index);
            double applied = 1 + strength * (factor - 1);
            if (v == null || applied == 1) {
                return row;
            }
            double scaled = Math.min((Double) v * applied, feature.max());
            if (!feature.inRange(scaled)) {
                // below the minimum: at it when the range includes it; else (an exclusive minimum, such as a
                // weight's > 0) the value as it was, since no nearest valid number exists
                scaled = feature.minExclusive() ? (Double) v : feature.min();
            }
            return row.with(index, scaled);
        }

        @Override
        public boolean keepsActual() {
            return false;
        }

        @Override
        public String describe() {
            return feature.name() + " x" + factor;
        }
    }

    /** A feature the schema lets be missing is missing in {@code share} of rows at full strength. */
    public record Missing(int index, Feature feature, double share) implements RowTransform {

        public Missing {
            if (!feature.missingAllowed()) {
                throw new IllegalArgumentException("--missing " + feature.name() + ": the model's schema does not"
                        + " allow a missing " + feature.name() + " (serving would refuse every such request)");
            }
            Transforms.share(share, "--missing " + feature.name());
        }

        @Override
        public Row apply(Row row, double strength, SplittableRandom random) {
            return random.nextDouble() < strength * share ? row.with(index, null) : row;
        }

        @Override
        public String describe() {
            return percent(share) + " of " + feature.name() + " missing";
        }
    }

    /** A regression's actual times {@code factor} at full strength: the inputs look fine, the error grows. */
    public record Inflate(double factor) implements RowTransform {

        public Inflate {
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("--inflate: the factor must be a finite number > 0, got " + factor);
            }
        }

        @Override
        public Row apply(Row row, double strength, SplittableRandom random) {
            return row.withActual((Double) row.actual() * (1 + strength * (factor - 1)));
        }

        @Override
        public String describe() {
            return "actuals x" + factor;
        }
    }

    /**
     * A classification's actual label replaced, in {@code share} of rows at full strength, by another of the
     * model's labels drawn uniformly: mislabelled ground truth, which only the quality monitor can see.
     */
    public record LabelNoise(List<String> labels, double share) implements RowTransform {

        public LabelNoise {
            labels = List.copyOf(labels);
            Transforms.share(share, "--label-noise");
        }

        @Override
        public Row apply(Row row, double strength, SplittableRandom random) {
            boolean flip = random.nextDouble() < strength * share;
            int other = random.nextInt(labels.size() - 1);
            if (!flip) {
                return row;
            }
            int own = labels.indexOf((String) row.actual());
            return row.withActual(labels.get(other >= own && own >= 0 ? other + 1 : other));
        }

        @Override
        public String describe() {
            return percent(share) + " of actual labels wrong";
        }
    }

    static double share(double share, String what) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(what + ": the share must be in [0, 1], got " + share);
        }
        return share;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
