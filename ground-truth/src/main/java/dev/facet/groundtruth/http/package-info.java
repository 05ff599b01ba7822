/** The HTTP side: the feedback API (strict validation, publishing to the ground-truth topic) and GET /quality. */
package dev.facet.groundtruth.http;
