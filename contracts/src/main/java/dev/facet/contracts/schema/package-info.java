/**
 * The feature schema of the diamond-price model and the validation of untrusted input against it.
 */
package dev.facet.contracts.schema;
