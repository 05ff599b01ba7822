package dev.facet.contracts.data;

import dev.facet.contracts.schema.Diamond;

/** One row of the data set: its 0-based index among the data rows, the features and the actual price (USD). */
public record LabelledDiamond(int row, Diamond diamond, double price) {
}
