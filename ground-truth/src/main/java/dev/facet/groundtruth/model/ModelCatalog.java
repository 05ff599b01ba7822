package dev.facet.groundtruth.model;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.RepositoryLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The model bundles of a repository root, looked up per (name, version) on first use
 * ({@link RepositoryLayout#find}, metadata only with {@link BundleMetadata.Checks#FILES_READ}) and cached.
 *
 * <p>A (name, version) with no bundle is remembered as missing for {@code retryMillis}, then looked up again: a
 * model deployed after this service started is picked up within that interval, and a stream of events for a
 * model that does not exist costs one file-system look-up per interval, not one per event.
 *
 * <p>Threads: {@link #find} reads the disk and is called only off the event loop (the joiner's thread, or start-up);
 * {@link #cached} and {@link #models} only read the concurrent maps and are safe anywhere.
 */
public final class ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private record Key(String name, String version) {
    }

    private final Path root;
    private final long retryMillis;
    private final LongSupplier clock;
    private final Map<Key, KnownModel> loaded = new ConcurrentHashMap<>();
    /** key -> when to look again */
    private final Map<Key, Long> missing = new ConcurrentHashMap<>();
    /** name -> the first version loaded: the bundle whose baseline the model's quality is judged against */
    private final Map<String, KnownModel> byName = new ConcurrentHashMap<>();

    public ModelCatalog(Path root, long retryMillis, LongSupplier clock) {
        this.root = root;
        this.retryMillis = retryMillis;
        this.clock = clock;
    }

    /** Loads every bundle under the root now (start-up), so that {@code GET /quality} lists them from the start. */
    public void loadAll() {
        for (Path dir : RepositoryLayout.bundles(root)) {
            try {
                register(KnownModel.of(BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ)));
            } catch (BundleException | IllegalArgumentException e) {
                LOG.warn("ground-truth: skipping unreadable bundle {}: {}", dir, e.getMessage());
            }
        }
    }

    /** The bundle of (name, version), reading the disk on a miss; empty when there is none (retried later). */
    public Optional<KnownModel> find(String name, String version) {
        Key key = new Key(name, version);
        KnownModel m = loaded.get(key);
        if (m != null) {
            return Optional.of(m);
        }
        Long retryAt = missing.get(key);
        long now = clock.getAsLong();
        if (retryAt != null && now < retryAt) {
            return Optional.empty();
        }
        Optional<KnownModel> found = RepositoryLayout.find(root, name, version).flatMap(dir -> {
            try {
                BundleMetadata meta = BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ);
                // the older layouts hold one model: its manifest must name the one asked for
                return meta.name().equals(name) && meta.version().equals(version)
                        ? Optional.of(KnownModel.of(meta)) : Optional.empty();
            } catch (BundleException | IllegalArgumentException e) {
                LOG.warn("ground-truth: bundle {} of model {} {} is unreadable: {}", dir, name, version, e.getMessage());
                return Optional.empty();
            }
        });
        if (found.isPresent()) {
            missing.remove(key);
            register(found.get());
        } else {
            missing.put(key, now + retryMillis);
        }
        return found;
    }

    /** The model called {@code name} as already loaded (never reads the disk): safe on an event loop. */
    public Optional<KnownModel> cached(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every model loaded so far, by name. */
    public Collection<KnownModel> models() {
        return new TreeMap<>(byName).values();
    }

    private void register(KnownModel m) {
        loaded.put(new Key(m.name(), m.version()), m);
        byName.putIfAbsent(m.name(), m);
    }
}
