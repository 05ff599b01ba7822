/**
 * Training of Tribuo random forests (CART trees, bagged; regression or classification) and the {@code train}
 * command that writes a model bundle.
 */
package dev.facet.trainer;
