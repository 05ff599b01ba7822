package dev.facet.simulator.scenario;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A drift scenario: each request draws a held-out row (from a shifted mix when {@link MixShift}s are given, tried in
 * order, else uniformly) and passes it through the transforms, at the strength {@link Mode} gives for the run's
 * progress. Ground truth is the row's actual after the transforms, or none when a transform that synthesizes rows
 * (a scaled measurement) changed it.
 *
 * @param name the scenario's name for the banner ({@code drift}, or a preset's)
 */
public record Drift(String name, HeldOut rows, List<MixShift> shifts, List<RowTransform> transforms, Mode mode)
        implements Scenario {

    public Drift {
        shifts = List.copyOf(shifts);
        transforms = List.copyOf(transforms);
    }

    @Override
    public PlannedRequest next(double progress, SplittableRandom random) {
        double strength = mode.strength(progress);
        Row row = null;
        for (MixShift s : shifts) {
            row = s.draw(strength, random);
            if (row != null) {
                break;
            }
        }
        if (row == null) {
            row = rows.draw(random);
        }
        boolean real = true;
        for (RowTransform t : transforms) {
            Row next = t.apply(row, strength, random);
            if (!t.keepsActual() && !next.sameFeatures(row)) {
                real = false;
            }
            row = next;
        }
        return PlannedRequest.valid(rows.schema(), row, real ? row.actual() : null);
    }

    @Override
    public String describe() {
        String what = Stream.concat(shifts.stream().map(MixShift::describe), transforms.stream().map(RowTransform::describe))
                .collect(Collectors.joining(", "));
        boolean synthetic = transforms.stream().anyMatch(t -> !t.keepsActual());
        return name + " (" + mode.name().toLowerCase(Locale.ROOT) + "): " + (what.isEmpty() ? "no change" : what)
                + " at full strength" + (synthetic ? "; no ground truth for rows a scaling changed" : "");
    }
}
