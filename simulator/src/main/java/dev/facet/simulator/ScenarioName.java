package dev.facet.simulator;

import java.util.Locale;

/** The scenarios as written on the command line. */
enum ScenarioName {
    NONE, DATA_DRIFT, CONCEPT_DRIFT, BAD_INPUT;

    String cli() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ScenarioName parse(String s) {
        for (ScenarioName n : values()) {
            if (n.cli().equalsIgnoreCase(s.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + s + "'; expected none, data-drift, concept-drift or bad-input");
    }
}
