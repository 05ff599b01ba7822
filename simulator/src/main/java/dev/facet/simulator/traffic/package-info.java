/**
 * The open-loop load generator: sends each request at its scheduled time whatever the server's speed, posts
 * ground truth after a delay, and measures latency from the scheduled send time (so a slow server cannot
 * hide its queueing: no coordinated omission). Runs on Vert.x event loops with the async WebClient.
 */
package dev.facet.simulator.traffic;
