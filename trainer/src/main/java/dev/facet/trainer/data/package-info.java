/**
 * From a data table to training rows: a schema inferred from the table or read from {@code schema.json}, then
 * every row checked against it and encoded as the model's input vector, the target as a number or a label.
 */
package dev.facet.trainer.data;
