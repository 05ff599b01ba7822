/**
 * The model bundle: a directory holding the Tribuo model, its training statistics, model card and held-out
 * rows, with a manifest of checksums; and the loader that checks all of it before anything serves.
 */
package dev.facet.common.bundle;
