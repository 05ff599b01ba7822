/**
 * What the joiner's thread publishes for readers on other threads: the latest quality snapshot, the join's
 * statistics and the counts of its outcomes. {@code GET /quality} and the metrics read it; neither owns it.
 */
package dev.facet.groundtruth.state;
