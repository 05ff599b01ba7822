package dev.facet.simulator.scenario;

import dev.facet.contracts.data.LabelledDiamond;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** The held-out rows the simulator replays (never seen in training), drawn uniformly with replacement. */
public record HeldOut(List<LabelledDiamond> rows) {

    public HeldOut {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no held-out rows to replay");
        }
    }

    public LabelledDiamond draw(SplittableRandom random) {
        return rows.get(random.nextInt(rows.size()));
    }

    /** The subset matching {@code filter}; fails when it is empty, since a scenario could not draw from it. */
    public HeldOut where(Predicate<LabelledDiamond> filter, String what) {
        List<LabelledDiamond> subset = rows.stream().filter(filter).toList();
        if (subset.isEmpty()) {
            throw new IllegalArgumentException("no held-out rows with " + what);
        }
        return new HeldOut(subset);
    }
}
