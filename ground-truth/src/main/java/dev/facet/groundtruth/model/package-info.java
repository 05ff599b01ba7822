/**
 * The models ground-truth judges, read from the model repository as metadata only (schema, training statistics,
 * model card; never the model): found per (name, version) on first use and cached, so that a new model or version
 * is picked up without a restart.
 */
package dev.facet.groundtruth.model;
