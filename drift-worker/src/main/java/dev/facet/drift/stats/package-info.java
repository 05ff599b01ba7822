/**
 * The statistics of drift detection, free of Kafka and Vert.x: two-sample Kolmogorov-Smirnov tests and
 * Wasserstein-1 magnitudes for numeric features and predictions, chi-square goodness of fit with merged sparse
 * categories and Cohen's w for categorical features, a multiple-testing correction over the ten tests of a
 * window, and the per-feature and dataset verdicts.
 */
package dev.facet.drift.stats;
