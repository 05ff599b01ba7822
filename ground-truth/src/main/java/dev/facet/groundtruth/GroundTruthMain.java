package dev.facet.groundtruth;

import dev.facet.service.lifecycle.ServiceMain;

/**
 * {@code java -cp ... dev.facet.groundtruth.GroundTruthMain}: defaults from {@code ground-truth-defaults.json},
 * then the file named by {@code GROUND_TRUTH_CONFIG}, then {@code GROUND_TRUTH_*} environment variables. Ctrl-C
 * stops it gracefully (feedback HTTP first, then the joiner, then the publishers' flush).
 */
public final class GroundTruthMain {

    private GroundTruthMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run(GroundTruthApp.service());
    }
}
