/**
 * Tests of the stack's configuration as code: Prometheus rules and their unit tests (promtool), Grafana
 * dashboards, the Compose file and the Dockerfile, and a test that runs every dashboard query and recording
 * rule on a real Prometheus scraping the real services.
 */
package dev.facet.stacktests;
