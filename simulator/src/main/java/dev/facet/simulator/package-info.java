/**
 * The traffic simulator's command line: loads the held-out diamonds of the current model bundle, builds a
 * scenario and a bounded open-loop plan, and runs it with live progress and a final summary.
 */
package dev.facet.simulator;
