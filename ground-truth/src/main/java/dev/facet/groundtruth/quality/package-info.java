/**
 * Rolling model quality over matched (prediction, actual) pairs: count and time windows of MAE, RMSE, MAPE and
 * bias, overall and per cut, and concept-drift detection against the held-out baseline of the model bundle
 * (a ratio test and a finite-memory Page-Hinkley test on the absolute error).
 */
package dev.facet.groundtruth.quality;
