/**
 * The trained forest compiled to flat arrays for allocation-free inference (the serving fast path), and its
 * explainer: {@link dev.facet.forest.ForestExplainer} gives per-feature SHAP values by path-dependent
 * TreeSHAP (Lundberg et al. 2020) over node covers counted from a background set, usually the training rows.
 */
package dev.facet.forest;
