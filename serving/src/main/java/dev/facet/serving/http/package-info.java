/**
 * The HTTP front door: every route of the service in one verticle (the V2 routes' handlers come from {@code v2}),
 * the JSON bodies it writes, where large requests run ({@code Offload}), admission and draining
 * ({@code Admission}), the only mapping of the domain's exceptions (prediction, reload) to statuses
 * ({@code ServingErrors}), error accounting, the admin reload endpoint and the peer status the home page reads.
 */
package dev.facet.serving.http;
