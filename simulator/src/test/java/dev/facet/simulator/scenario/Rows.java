package dev.facet.simulator.scenario;

import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.ModelSchema;

/** A few thousand real rows of the committed data set, loaded once per test JVM, and rows read as diamonds. */
final class Rows {

    static final HeldOut SAMPLE = HeldOut.diamonds(DiamondsCsv.loadBundled().rows().subList(0, 5_000));

    private Rows() {
    }

    /** A row of the diamonds schema as a {@link Diamond}, by feature name. */
    static Diamond diamond(Row r) {
        ModelSchema s = SAMPLE.schema();
        return new Diamond(r.number(s.indexOf("carat")), (String) r.value(s.indexOf("cut")),
                (String) r.value(s.indexOf("color")), (String) r.value(s.indexOf("clarity")),
                r.number(s.indexOf("depth")), r.number(s.indexOf("table")), r.number(s.indexOf("x")),
                r.number(s.indexOf("y")), r.number(s.indexOf("z")));
    }

    /** A diamond as a row of the diamonds schema, with {@code price} as its actual. */
    static Row row(Diamond d, double price) {
        ModelSchema s = SAMPLE.schema();
        Object[] values = new Object[s.features().size()];
        for (int i = 0; i < values.length; i++) {
            var f = s.features().get(i);
            values[i] = f.isNumeric() ? (Object) d.numeric(f.name()) : d.category(f.name());
        }
        return new Row(values, price);
    }

    static double price(Row r) {
        return (Double) r.actual();
    }
}
