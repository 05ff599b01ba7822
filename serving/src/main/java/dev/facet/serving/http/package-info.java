/** The HTTP front door: every route of the service in one verticle, the JSON bodies it writes, error accounting. */
package dev.facet.serving.http;
