/**
 * Training of the diamond-price random forest (Tribuo CART trees, bagged and averaged) and the {@code train}
 * command that writes a model bundle.
 */
package dev.facet.trainer;
