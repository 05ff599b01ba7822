/**
 * The ground-truth service: accepts actual prices ({@code POST /feedback}), joins them with the served
 * predictions over Kafka, and reports rolling model quality and concept drift ({@code GET /quality},
 * {@code /metrics}). Start it with {@link dev.facet.groundtruth.GroundTruthApp#start}.
 */
package dev.facet.groundtruth;
