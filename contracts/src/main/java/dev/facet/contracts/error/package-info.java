/** The single error body every service answers with. */
package dev.facet.contracts.error;
