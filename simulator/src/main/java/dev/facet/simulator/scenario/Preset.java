package dev.facet.simulator.scenario;

import java.util.Locale;

/**
 * The named drift scenarios the monitors are tested and measured against (issue 21), three per shipped model.
 * Each is built from the model's schema like the generic options, so it applies to any model with what it needs
 * (a preset naming a feature the model lacks fails, naming the model's features). Strengths are chosen to be
 * plainly visible in a window of a few hundred rows at full strength, not subtle.
 */
public enum Preset {

    /** Diamonds: larger stones, carat times 1.3 and x, y, z by its cube root (still consistent stones). */
    CARAT_SCALED("carat x1.3 with x, y, z x its cube root (diamonds)") {
        @Override
        void add(DriftBuilder b, HeldOut rows) {
            b.add(DataDrift.CaratVolume.of(rows, 1.3));
        }
    },
    /** Diamonds: 80% of rows drawn from the Fair and Good cuts (about 12% of the held-out rows). */
    CUT_SHIFTED("80% of rows drawn from cut Fair or Good (diamonds)") {
        @Override
        void add(DriftBuilder b, HeldOut rows) {
            b.shift("cut=Fair,Good:0.8");
        }
    },
    /** Diamonds: every actual price 15% higher; the inputs are unchanged. */
    PRICES_INFLATED("actual prices x1.15 (diamonds, any regression)") {
        @Override
        void add(DriftBuilder b, HeldOut rows) {
            b.inflate(1.15);
        }
    },
    /** Penguins: 80% of rows drawn from the Chinstraps, the rarest species (about a fifth of the held-out rows). */
    SPECIES_SHIFTED("80% of rows drawn from species Chinstrap (penguins)") {
        @Override
        void add(DriftBuilder b, HeldOut rows) {
            b.shift("species=Chinstrap:0.8");
        }
    },
    /** Any model with optional features: each of them missing in 30% of rows (penguins: the measurements, sex). */
    MISSING_SURGE("every feature that may be missing is missing in 30% of rows (penguins, any such model)") {
        @Override
        void add(DriftBuilder b, HeldOut rows) {
            b.missingEverywhereAllowed(0.3);
        }
    },
    /** Any classifier: 30% of actual labels replaced by another label. */
    LABEL_NOISE("30% of actual labels replaced by another label (penguins, any classifier)") {
        @Override
        void add(DriftBuilder b, HeldOut rows) {
            b.labelNoise(0.3);
        }
    };

    private final String summary;

    Preset(String summary) {
        this.summary = summary;
    }

    abstract void add(DriftBuilder b, HeldOut rows);

    /** As written on the command line, e.g. {@code carat-scaled}. */
    public String cli() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String summary() {
        return summary;
    }

    /** This preset's transforms added to {@code builder}; fails, naming the preset, when the model cannot take it. */
    public DriftBuilder addTo(DriftBuilder builder, HeldOut rows) {
        try {
            add(builder, rows);
            return builder;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scenario " + cli() + " does not apply to this model: " + e.getMessage(), e);
        }
    }

    /** This preset alone. */
    public Drift of(HeldOut rows, Mode mode) {
        return addTo(new DriftBuilder(rows), rows).build(cli(), mode);
    }
}
