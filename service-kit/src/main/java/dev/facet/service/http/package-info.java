/** HTTP pieces every service shares: the JSON error responses and strict JSON body reading. */
package dev.facet.service.http;
