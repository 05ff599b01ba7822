package dev.facet.serving.inference;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.BundleException;
import dev.facet.serving.inference.ReloadRefusedException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Zero-downtime model reload: loads and checks a bundle on a worker, builds the compiled forest and its explainer,
 * then swaps the one {@link AtomicReference} every handler reads. A request reads the reference once, so it is
 * served wholly by the old model or wholly by the new one; nothing waits and nothing fails during the swap.
 *
 * <p>A bundle that does not load (missing, corrupt, wrong format) is refused and the old model keeps serving.
 * One reload at a time: a second request while one is loading is refused (409), not queued, so a client
 * hammering the endpoint cannot pile up seconds of worker time.
 */
public final class ModelReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);

    private final AtomicReference<LoadedModel> model;
    private final Path modelDir;
    private final BiConsumer<LoadedModel, LoadedModel> onSwap;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final Function<Path, LoadedModel> loader;

    /**
     * @param onSwap called with (old, new) right after the swap (metrics relabel the model_info gauge)
     * @param loader loads one bundle directory, blocking ({@link ModelLoader#loadBundle}; tests hold it)
     */
    public ModelReloader(AtomicReference<LoadedModel> model, Path modelDir, BiConsumer<LoadedModel, LoadedModel> onSwap,
                         Function<Path, LoadedModel> loader) {
        this.model = model;
        this.modelDir = modelDir;
        this.onSwap = onSwap;
        this.loader = loader;
    }

    /**
     * Loads {@code version} (a sub-directory of {@code model.dir}), or when empty the newest bundle under
     * {@code model.dir}, and serves it. Fails with a {@link ReloadRefusedException} saying why: a malformed
     * version, no such bundle, a bundle that does not load, or another reload running.
     */
    public Future<LoadedModel> reload(Vertx vertx, Optional<String> version) {
        Path dir;
        try {
            dir = target(version);
        } catch (ReloadRefusedException e) {
            return Future.failedFuture(e);
        }
        if (!loading.compareAndSet(false, true)) {
            return Future.failedFuture(new ReloadRefusedException(Reason.RELOAD_RUNNING,
                    "another model reload is in progress; try again when it has finished"));
        }
        // blocking: checksums, deserialisation, compilation, explainer covers (about a second); ordered=false so a
        // reload never queues behind this context's other blocking work
        return vertx.executeBlocking(() -> load(dir), false)
                .andThen(x -> loading.set(false))
                .map(loaded -> {
                    LoadedModel old = model.getAndSet(loaded);
                    onSwap.accept(old, loaded);
                    LOG.info("reloaded: now serving {} {} from {} (was {}); {}", loaded.name(), loaded.version(),
                            loaded.directory(), old == null ? "not loaded" : old.name() + " " + old.version(),
                            loaded.explainerNote());
                    return loaded;
                });
    }

    private Path target(Optional<String> version) {
        if (version.isEmpty()) {
            return BundleMetadata.resolve(modelDir).orElseThrow(() -> new ReloadRefusedException(Reason.NO_SUCH_BUNDLE,
                    "no model bundle under " + modelDir.toAbsolutePath()));
        }
        String v = version.get();
        try {
            BundleMetadata.checkVersion(v); // letters, digits, . - _ only: never a path out of model.dir
        } catch (IllegalArgumentException e) {
            throw new ReloadRefusedException(Reason.INVALID_VERSION, e.getMessage());
        }
        Path dir = modelDir.resolve(v);
        if (v.equals("..") || v.equals(".") || !Files.isDirectory(dir)) {
            throw new ReloadRefusedException(Reason.NO_SUCH_BUNDLE, "no model version '" + v + "' under "
                    + modelDir.toAbsolutePath());
        }
        return dir;
    }

    private LoadedModel load(Path dir) {
        try {
            return loader.apply(dir);
        } catch (BundleException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            LOG.warn("model reload from {} refused: {}", dir, e.getMessage());
            throw new ReloadRefusedException(Reason.BUNDLE_REFUSED, "the bundle in " + dir.getFileName()
                    + " was refused and the current model keeps serving: " + e.getMessage());
        }
    }
}
