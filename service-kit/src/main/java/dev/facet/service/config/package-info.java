/** Loading a service's settings: defaults in the jar, a file, environment variables. */
package dev.facet.service.config;
