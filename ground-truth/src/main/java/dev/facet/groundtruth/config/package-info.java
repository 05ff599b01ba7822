/**
 * The ground-truth service's settings as one typed, validated record. Below every other package of the
 * service, so the HTTP side and the joiner can read their settings without depending on the code that starts
 * them.
 */
package dev.facet.groundtruth.config;
