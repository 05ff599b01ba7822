/**
 * The Open Inference Protocol (KServe V2) REST endpoints, so KServe and MLServer clients call this server
 * unchanged: server and model metadata, liveness and readiness, and columnar inference.
 */
package dev.facet.serving.v2;
