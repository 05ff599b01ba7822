package dev.facet.drift;

import dev.facet.service.lifecycle.ServiceMain;

/**
 * {@code java -cp ... dev.facet.drift.DriftWorkerMain}: defaults from {@code drift-worker-defaults.json}, then
 * the file named by {@code DRIFT_WORKER_CONFIG}, then {@code DRIFT_WORKER_*} environment variables. Ctrl-C stops
 * it gracefully (the consumer commits its offsets first).
 */
public final class DriftWorkerMain {

    private DriftWorkerMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run(DriftWorkerApp.service());
    }
}
