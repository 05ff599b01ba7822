package dev.facet.contracts.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How wrong the model is on rows it never saw (the held-out 20%): the baseline that concept-drift detection
 * compares rolling live error against. Errors are {@code predicted - actual} in USD.
 *
 * @param mae      mean absolute error
 * @param rmse     root mean squared error
 * @param mape     mean absolute percentage error, as a fraction (0.07 = 7%)
 * @param bias     mean error (positive: the model over-predicts)
 * @param r2       coefficient of determination
 * @param absError distribution of the absolute errors (for sequential tests such as Page-Hinkley)
 * @param byCut    MAE and RMSE per cut, for the per-cut quality panels
 */
public record ErrorBaseline(long count, double mae, double rmse, double mape, double bias, double r2,
                            NumericSummary absError, Map<String, Group> byCut) {

    /** Error of one group of rows. */
    public record Group(long count, double mae, double rmse) {
    }

    public ErrorBaseline {
        byCut = Collections.unmodifiableMap(new LinkedHashMap<>(byCut));
    }
}
