/** Resource benchmarks: each service in its own JVM, start-up time to ready and resident memory under load. */
package dev.facet.bench.resources;
