/** The shared JSON configuration (Jackson), so every file and event uses the same names and rules. */
package dev.facet.contracts.json;
