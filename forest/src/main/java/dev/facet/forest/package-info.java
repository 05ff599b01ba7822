/**
 * The trained forest, regressor or classifier, compiled to flat arrays for allocation-free inference (the
 * serving fast path), the Tribuo-reading half of a model bundle, and the explainer: {@link dev.facet.forest.ForestExplainer} gives per-feature SHAP values by path-dependent
 * TreeSHAP (Lundberg et al. 2020), per class for a classifier, over node covers counted from a background set, usually the training rows.
 */
package dev.facet.forest;
