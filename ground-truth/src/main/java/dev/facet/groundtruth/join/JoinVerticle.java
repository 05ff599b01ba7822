package dev.facet.groundtruth.join;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Ties the {@link JoinLoop}'s thread to the deployment's life: started on deploy, and on undeploy asked to
 * commit its offsets and close its consumer, which completes the undeploy. Nothing runs on the event loop.
 */
public final class JoinVerticle extends VerticleBase {

    private final JoinLoop loop;

    public JoinVerticle(JoinLoop loop) {
        this.loop = loop;
    }

    @Override
    public Future<?> start() {
        loop.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return Future.fromCompletionStage(loop.stop(), context);
    }
}
