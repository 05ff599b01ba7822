package dev.facet.service.lifecycle;

import io.vertx.core.Future;

/** A started service, as its {@code main}, the launcher and tests see it. */
public interface RunningService {

    /** The port its HTTP server listens on (the one it was given a free one for when asked for port 0). */
    int httpPort();

    /**
     * Stops it gracefully and closes its Vert.x; completes, never fails, once done. Calling it again returns the
     * same future and stops nothing twice.
     */
    Future<Void> stop();
}
