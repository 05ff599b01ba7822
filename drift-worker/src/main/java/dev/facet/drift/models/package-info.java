/**
 * The models the worker watches, found lazily: for each event's model name and version, the bundle's metadata
 * (schema and training statistics, never the model) is looked up in the repository once and cached with that
 * version's own windows, so a new model or version is picked up without a restart and versions never share a
 * window. Owned by the consumer's thread; not thread-safe.
 */
package dev.facet.drift.models;
