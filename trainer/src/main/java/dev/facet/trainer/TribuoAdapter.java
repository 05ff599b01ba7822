package dev.facet.trainer;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * The one place that turns diamonds into Tribuo examples, so training and serving can never disagree about
 * feature names or encoding. Feature names are the schema's; categories are their 1-based ordinals.
 */
public final class TribuoAdapter {

    private static final String[] NAMES = DiamondSchema.names().toArray(String[]::new);

    private TribuoAdapter() {
    }

    public static Example<Regressor> example(Diamond d, double price) {
        return new ArrayExample<>(new Regressor(DiamondSchema.TARGET, price), NAMES, d.toVector());
    }

    /** An example whose output is unknown, for prediction. */
    public static Example<Regressor> unlabelled(Diamond d) {
        return new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES, d.toVector());
    }

    /** Tribuo's own prediction for one diamond (allocates an Example and a SparseVector per tree). */
    public static double predict(Model<Regressor> model, Diamond d) {
        return model.predict(unlabelled(d)).getOutput().getValues()[0];
    }
}
