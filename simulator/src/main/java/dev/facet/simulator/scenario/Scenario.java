package dev.facet.simulator.scenario;

import java.util.SplittableRandom;

/**
 * A traffic scenario: produces the next request from a seeded random source and the run's progress in
 * [0, 1] (request index over the planned total), so a run with the same seed sends the same requests.
 * Called from one thread per random source; implementations are immutable.
 */
public interface Scenario {

    PlannedRequest next(double progress, SplittableRandom random);

    /** One line for the start banner. */
    String describe();

    /** {@code none}: held-out rows as they are, with their real actuals as ground truth. */
    static Scenario replay(HeldOut rows) {
        return new Scenario() {
            @Override
            public PlannedRequest next(double progress, SplittableRandom random) {
                return PlannedRequest.valid(rows.schema(), rows.draw(random));
            }

            @Override
            public String describe() {
                return "none: " + rows.rows().size() + " held-out rows replayed as they are";
            }
        };
    }
}
