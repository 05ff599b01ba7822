/** The shared health model and endpoints (/health, /health/live, /health/ready). */
package dev.facet.service.health;
