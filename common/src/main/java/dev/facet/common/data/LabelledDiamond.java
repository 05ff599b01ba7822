package dev.facet.common.data;

import dev.facet.common.schema.Diamond;

/** One row of the data set: its 0-based index among the data rows, the features and the actual price (USD). */
public record LabelledDiamond(int row, Diamond diamond, double price) {
}
