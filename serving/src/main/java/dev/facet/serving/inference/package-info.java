/**
 * The model behind the endpoints: loading a bundle off the event loop, compiling it to the fast path, and the
 * {@link dev.facet.serving.inference.Predictor} seam the handlers call.
 */
package dev.facet.serving.inference;
