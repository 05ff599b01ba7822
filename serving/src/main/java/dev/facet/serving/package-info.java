/**
 * The serving service: {@link dev.facet.serving.ServingApp} loads the model bundle, starts the HTTP verticles
 * and the Kafka publisher; {@link dev.facet.serving.ServingMain} runs it from the command line.
 */
package dev.facet.serving;
