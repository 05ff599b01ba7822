/**
 * What the simulator sends: held-out diamonds, optionally drifted (covariate shift, concept shift) or made
 * invalid. Each {@link dev.facet.simulator.scenario.Scenario} turns a seeded random source and the run's
 * progress into the next {@link dev.facet.simulator.scenario.PlannedRequest}; nothing here does I/O, so the
 * transforms are unit-tested without a server.
 */
package dev.facet.simulator.scenario;
