package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Drift} from the command line's generic options, checked against the model's schema so that an
 * option naming a feature the model lacks, or one it cannot apply to, fails before any request is sent, naming
 * the option and what the model has:
 * <ul>
 *   <li>{@code --scale carat=1.3}: a numeric feature times a factor;</li>
 *   <li>{@code --shift island=Dream:0.8} (or {@code cut=Fair,Good:0.8}, or the target, {@code species=Gentoo:0.8}):
 *       a share of rows drawn from those with one of the categories;</li>
 *   <li>{@code --missing sex=0.5}: a share of a feature's values missing, where the schema allows it;</li>
 *   <li>{@code --inflate 1.3}: a regression's actuals times a factor;</li>
 *   <li>{@code --label-noise 0.3}: a share of a classification's actual labels replaced by another label.</li>
 * </ul>
 */
public final class DriftBuilder {

    private final HeldOut rows;
    private final List<MixShift> shifts = new ArrayList<>();
    private final List<RowTransform> transforms = new ArrayList<>();

    public DriftBuilder(HeldOut rows) {
        this.rows = rows;
    }

    public boolean isEmpty() {
        return shifts.isEmpty() && transforms.isEmpty();
    }

    /** {@code FEATURE=FACTOR}. */
    public DriftBuilder scale(String spec) {
        String[] kv = pair(spec, "--scale", "FEATURE=FACTOR, e.g. carat=1.3");
        int i = rows.feature(kv[0], "--scale " + spec);
        transforms.add(new Transforms.Scale(i, rows.schema().features().get(i), number(kv[1], "--scale " + spec)));
        return this;
    }

    /** {@code FEATURE=CATEGORY[,CATEGORY...]:SHARE}; the feature may be a classification's target. */
    public DriftBuilder shift(String spec) {
        String usage = "FEATURE=CATEGORY[,CATEGORY...]:SHARE, e.g. island=Dream:0.8";
        String[] kv = pair(spec, "--shift", usage);
        int colon = kv[1].lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--shift " + spec + ": expected " + usage);
        }
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(kv[1].substring(0, colon).split(",")));
        double share = number(kv[1].substring(colon + 1), "--shift " + spec);
        ModelSchema schema = rows.schema();
        String what = kv[0] + " in " + wanted;
        HeldOut pool;
        if (schema.task() instanceof Task.Classification c && c.target().equals(kv[0])) {
            known(wanted, c.labels(), "--shift " + spec, "labels");
            pool = rows.where(r -> wanted.contains((String) r.actual()), what);
        } else {
            int i = rows.feature(kv[0], "--shift " + spec);
            Feature f = schema.features().get(i);
            if (f.isNumeric()) {
                throw new IllegalArgumentException("--shift " + spec + ": " + f.name() + " is numeric; scale it with"
                        + " --scale");
            }
            known(wanted, f.categories(), "--shift " + spec, "categories");
            pool = rows.where(r -> wanted.contains((String) r.value(i)), what);
        }
        shifts.add(new MixShift(what, pool, share));
        return this;
    }

    /** {@code FEATURE=SHARE}. */
    public DriftBuilder missing(String spec) {
        String[] kv = pair(spec, "--missing", "FEATURE=SHARE, e.g. sex=0.5");
        int i = rows.feature(kv[0], "--missing " + spec);
        transforms.add(new Transforms.Missing(i, rows.schema().features().get(i), number(kv[1], "--missing " + spec)));
        return this;
    }

    /** Every feature the schema lets be missing, each missing in {@code share} of rows independently. */
    public DriftBuilder missingEverywhereAllowed(double share) {
        List<Feature> features = rows.schema().features();
        int added = 0;
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).missingAllowed()) {
                transforms.add(new Transforms.Missing(i, features.get(i), share));
                added++;
            }
        }
        if (added == 0) {
            throw new IllegalArgumentException("the model's schema allows no missing value in any feature");
        }
        return this;
    }

    public DriftBuilder inflate(double factor) {
        if (rows.schema().isClassification()) {
            throw new IllegalArgumentException("--inflate multiplies a regression's actuals; this model is a"
                    + " classifier (use --label-noise)");
        }
        transforms.add(new Transforms.Inflate(factor));
        return this;
    }

    public DriftBuilder labelNoise(double share) {
        if (!(rows.schema().task() instanceof Task.Classification c)) {
            throw new IllegalArgumentException("--label-noise changes a classifier's actual labels; this model is a"
                    + " regression (use --inflate)");
        }
        transforms.add(new Transforms.LabelNoise(c.labels(), share));
        return this;
    }

    /** Adds a transform as it is (a preset's own, such as the diamonds' carat-and-volume scaling). */
    public DriftBuilder add(RowTransform transform) {
        transforms.add(transform);
        return this;
    }

    public Drift build(String name, Mode mode) {
        return new Drift(name, rows, shifts, transforms, mode);
    }

    private static String[] pair(String spec, String option, String usage) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException(option + " " + spec + ": expected " + usage);
        }
        return new String[] {spec.substring(0, eq).trim(), spec.substring(eq + 1).trim()};
    }

    private static double number(String s, String where) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + s + "' is not a number", e);
        }
    }

    private static void known(Set<String> wanted, List<String> known, String where, String what) {
        List<String> unknown = wanted.stream().filter(w -> !known.contains(w)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + unknown + " not among the model's " + what + " " + known);
        }
    }
}
