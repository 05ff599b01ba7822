/**
 * The drift-worker's settings as one typed, validated record. Below the consumer and the code that starts the
 * service, so the consumer reads its settings without depending on what starts it.
 */
package dev.facet.drift.config;
