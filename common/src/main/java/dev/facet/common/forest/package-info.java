/** The trained forest compiled to flat arrays for allocation-free inference (the serving fast path). */
package dev.facet.common.forest;
