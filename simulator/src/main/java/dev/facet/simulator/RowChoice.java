package dev.facet.simulator;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which data rows the simulator replays ({@code --rows}). Clean traffic must be a fair sample of the population the
 * model's data set describes, or the drift monitors rightly see a difference: draws from a few fixed rows are a sample
 * of those rows' empirical distribution, which a KS test tells apart from the population. The held-out rows are the
 * better choice when there are many (the model never saw them, so quality on them is honest); with few, every data row
 * is, although quality on the training rows among them is optimistic.
 */
enum RowChoice {
    /** The rows the bundle's {@code heldout-rows.json} lists. */
    HELDOUT,
    /** Every data row of the model's data set, training rows included. */
    ALL,
    /** {@link #HELDOUT} when there are at least {@value #ENOUGH_HELD_OUT} of them, else {@link #ALL}. */
    AUTO;

    /**
     * Held-out rows enough for a fair clean sample: with this many distinct rows, a window of a few hundred draws
     * repeats few of them, so it looks like a sample of the population rather than of the rows.
     */
    static final int ENOUGH_HELD_OUT = 1_000;

    /** {@code heldout}, {@code all} or {@code auto} (any case), or an error naming {@code --rows}. */
    static RowChoice parse(String s) {
        return Arrays.stream(values()).filter(c -> c.cli().equalsIgnoreCase(s.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--rows: unknown '" + s
                        + "'; expected heldout, all or auto"));
    }

    String cli() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rows replayed for a model that held out {@code heldOut} rows: never {@link #AUTO}. */
    RowChoice resolve(int heldOut) {
        if (this != AUTO) {
            return this;
        }
        return heldOut >= ENOUGH_HELD_OUT ? HELDOUT : ALL;
    }

    /** One line saying which rows are replayed and why, for a model with these counts. */
    String explain(int heldOut, int dataRows) {
        RowChoice resolved = resolve(heldOut);
        String what = resolved == HELDOUT
                ? String.format(Locale.ROOT, "replaying the %d held-out rows (of %d data rows)", heldOut, dataRows)
                : String.format(Locale.ROOT, "replaying every one of the %d data rows (%d held out, the rest"
                        + " training rows, on which quality is optimistic)", dataRows, heldOut);
        String why;
        if (this != AUTO) {
            why = "--rows " + cli();
        } else if (resolved == HELDOUT) {
            why = String.format(Locale.ROOT, "--rows auto: at least %d held-out rows, a fair clean sample the model"
                    + " never saw", ENOUGH_HELD_OUT);
        } else {
            why = String.format(Locale.ROOT, "--rows auto: fewer than %d held-out rows, too few for a fair clean"
                    + " sample (drift monitors would flag the difference); --rows heldout to replay only them",
                    ENOUGH_HELD_OUT);
        }
        return what + ", " + why;
    }
}
