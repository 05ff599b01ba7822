/** The one-command local stack: everything in one JVM, for a newcomer's laptop and the demo. */
package dev.facet.launcher;
