package dev.facet.simulator;

import dev.facet.simulator.scenario.Preset;

import java.util.Arrays;
import java.util.Locale;

/** The scenarios as written on the command line, besides the drift {@link Preset}s. */
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
        throw new IllegalArgumentException("unknown scenario '" + s + "'; expected none, data-drift, concept-drift,"
                + " bad-input or a preset: " + Arrays.stream(Preset.values()).map(Preset::cli).toList());
    }
}
