/**
 * Facet's benchmarks: each a main started by {@code bench/run.sh}, never by {@code mvn verify}. Results go to
 * {@code BENCHMARKS.md} with the machine, date, commit and command.
 */
package dev.facet.bench;
