/** The committed diamonds data set and its checked, row-precise loader. */
package dev.facet.contracts.data;
