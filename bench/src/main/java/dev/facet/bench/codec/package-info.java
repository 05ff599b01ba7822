/** JMH benchmarks of the JSON readers on the hot paths against the general paths they fall back to. */
package dev.facet.bench.codec;
