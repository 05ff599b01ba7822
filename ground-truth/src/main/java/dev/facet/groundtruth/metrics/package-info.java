/** Every meter of the ground-truth service, declared in one class. */
package dev.facet.groundtruth.metrics;
