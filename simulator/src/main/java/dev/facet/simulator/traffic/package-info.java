/**
 * The open-loop load generator: warms its HTTP client up, then sends each request at its scheduled time whatever
 * the server's speed, posts ground truth after a delay, and measures each request's round trip from send to
 * response (a slow server's queueing is in it, since sends do not wait for answers) apart from the generator's
 * own lateness behind the schedule (its stalls are not the server's latency). Runs on Vert.x event loops with
 * the async WebClient.
 */
package dev.facet.simulator.traffic;
