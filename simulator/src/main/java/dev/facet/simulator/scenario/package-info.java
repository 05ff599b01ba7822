/**
 * What the simulator sends: held-out rows of any model, optionally drifted or made invalid. The drifts are
 * driven by the model's schema (scale a numeric feature, shift a categorical or label mix, missing values where
 * allowed, inflated or noisy actuals), with named {@link dev.facet.simulator.scenario.Preset}s for the stories
 * the monitors must catch. Each {@link dev.facet.simulator.scenario.Scenario} turns a seeded random source and the
 * run's progress into the next {@link dev.facet.simulator.scenario.PlannedRequest}; nothing here does I/O, so the
 * transforms are unit-tested without a server.
 */
package dev.facet.simulator.scenario;
