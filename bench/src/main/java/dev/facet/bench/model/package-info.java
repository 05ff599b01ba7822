/** JMH benchmarks of one prediction: Tribuo's own {@code predict} against the compiled forest. */
package dev.facet.bench.model;
