/**
 * HTTP pieces every service shares: the one failure classification and the JSON error responses, the one JSON
 * reply writer, strict JSON body reading with the one Content-Type rule, request limits and server options.
 */
package dev.facet.service.http;
