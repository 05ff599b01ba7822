/**
 * Statistics of the training data, the model's training predictions and its held-out errors: the reference
 * that data-drift (Kolmogorov-Smirnov, chi-square) and concept-drift (error ratio, Page-Hinkley) tests use.
 */
package dev.facet.contracts.stats;
