/**
 * The model bundle's layout and metadata: a directory holding the model, its training statistics, model card and
 * held-out rows, with a manifest of checksums. {@link dev.facet.contracts.bundle.BundleMetadata} reads and checks
 * everything but the model; reading the model is the {@code forest} module's {@code ModelBundle}.
 */
package dev.facet.contracts.bundle;
