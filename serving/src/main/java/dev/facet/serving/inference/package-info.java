/**
 * The model behind the endpoints: loading a bundle off the event loop, compiling it to the fast path with its
 * TreeSHAP explainer, the {@link dev.facet.serving.inference.Predictor} seam the handlers call, and the atomic
 * reload ({@link dev.facet.serving.inference.ModelReloader}).
 */
package dev.facet.serving.inference;
