/** The batch report command: drift and quality over a period of the topics, or of a CSV file. */
package dev.facet.report;
