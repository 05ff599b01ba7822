/** The report page, shared by the live report route and the batch report command. */
package dev.facet.reportview;
