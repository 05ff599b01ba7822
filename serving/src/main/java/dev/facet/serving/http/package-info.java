/**
 * The HTTP front door: every route of the service in one verticle, the JSON bodies it writes, error accounting,
 * the request limits (in-flight cap, deadline), the admin reload endpoint and the peer status the home page reads.
 */
package dev.facet.serving.http;
