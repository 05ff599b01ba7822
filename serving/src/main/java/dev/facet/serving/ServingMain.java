package dev.facet.serving;

import dev.facet.service.lifecycle.ServiceMain;

/**
 * {@code java -cp ... dev.facet.serving.ServingMain}: defaults from {@code serving-defaults.json}, then the
 * file named by {@code SERVING_CONFIG}, then {@code SERVING_*} environment variables ({@code SERVING_HTTP_PORT}
 * for {@code http.port}). Ctrl-C stops it gracefully (HTTP first, then the producer's flush).
 */
public final class ServingMain {

    private ServingMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run(ServingApp.service());
    }
}
