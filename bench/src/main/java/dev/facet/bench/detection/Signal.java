package dev.facet.bench.detection;

/** What counts as a detection, each judged by the service that raises it, with its default settings. */
public enum Signal {

    /** drift-worker: the count window's verdict says dataset drift (corrected KS / chi-square plus effect size). */
    DATASET_DRIFT("dataset drift (drift-worker)"),
    /**
     * drift-worker's data quality, judged by the alert rules' conditions on the count window
     * ({@code prometheus/rules/facet-drift.yml}): a feature missing more than 0.1 above its training share
     * (MissingValueSurge) or more than 1% of a feature's values in categories training never had
     * (UnseenCategoriesSeen). The rules' 5-minute hold is left out: it adds 5 minutes to any delay.
     */
    DATA_QUALITY("missing / unseen share (drift-worker)"),
    /** ground-truth: concept drift (regressor: MAE ratio or Page-Hinkley; classifier: error-rate ratio or DDM). */
    CONCEPT_DRIFT("concept drift (ground-truth)");

    private final String label;

    Signal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
