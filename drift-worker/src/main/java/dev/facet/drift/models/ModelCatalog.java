package dev.facet.drift.models;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.RepositoryLayout;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@link VersionMonitor} of an event's model name and version, creating it on first sight from the
 * bundle's metadata ({@link RepositoryLayout#find} then {@link BundleMetadata#load} with
 * {@link BundleMetadata.Checks#FILES_READ}: only the JSON files are read and checked, never the model). In the
 * one-model layouts the directory does not say which model it holds, so the manifest's name and version must be
 * the event's.
 *
 * <p>Bounds, because model names come from the topic: at most {@code maxModels} model names are tracked (an
 * event of another model is {@link Outcome#MODEL_LIMIT}), at most {@value #VERSIONS_PER_MODEL} versions per
 * model (the least recently seen is dropped, as during a rollout the old and new versions are the ones that
 * matter), and a name or version without a bundle is remembered as missing for {@code retry} before the disk is
 * asked again, so a stream of unknown events costs a map lookup each, not a directory walk. Runs on the
 * consumer's thread, which may block on the file reads (never an event loop). Not thread-safe.
 */
public final class ModelCatalog {

    /** Versions of one model tracked at once. */
    public static final int VERSIONS_PER_MODEL = 3;
    /** Unknown (name, version) pairs remembered; beyond this the memory of misses starts over. */
    private static final int MAX_MISSES = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    /** Why an event has no monitor. */
    public enum Outcome { FOUND, UNKNOWN_MODEL, MODEL_LIMIT }

    /** Told when a version starts being tracked and when it is dropped. */
    public interface Listener {
        void tracked(VersionMonitor monitor);

        void dropped(VersionMonitor monitor);
    }

    private final Path root;
    private final DataDriftPolicy policy;
    private final int countWindow;
    private final Duration timeSpan;
    private final int timeMaxEvents;
    private final int maxModels;
    private final long retryMillis;
    private final Listener listener;
    private final Map<String, LinkedHashMap<String, VersionMonitor>> models = new HashMap<>();
    private final Map<String, Long> missing = new HashMap<>();
    private VersionMonitor last;
    private Outcome outcome = Outcome.FOUND;

    public ModelCatalog(Path root, DataDriftPolicy policy, int countWindow, Duration timeSpan, int timeMaxEvents,
                        int maxModels, Duration retry, Listener listener) {
        this.root = root;
        this.policy = policy;
        this.countWindow = countWindow;
        this.timeSpan = timeSpan;
        this.timeMaxEvents = timeMaxEvents;
        this.maxModels = maxModels;
        this.retryMillis = retry.toMillis();
        this.listener = listener;
    }

    /**
     * The monitor of {@code name} at {@code version}, or null; then {@link #outcome()} says why. The common case
     * (the same model as the previous event) is two string comparisons.
     */
    public VersionMonitor find(String name, String version, long nowMillis) {
        VersionMonitor m = last;
        if (m != null && m.name().equals(name) && m.version().equals(version)) {
            return m;
        }
        LinkedHashMap<String, VersionMonitor> versions = models.get(name);
        m = versions == null ? null : versions.get(version);
        if (m == null) {
            m = load(name, version, versions, nowMillis);
        }
        if (m != null) {
            last = m;
            outcome = Outcome.FOUND;
        }
        return m;
    }

    /** Why the last {@link #find} returned null. */
    public Outcome outcome() {
        return outcome;
    }

    /** Every version tracked, for the time window's timer. */
    public List<VersionMonitor> monitors() {
        List<VersionMonitor> all = new ArrayList<>();
        models.values().forEach(v -> all.addAll(v.values()));
        return all;
    }

    public int models() {
        return models.size();
    }

    private VersionMonitor load(String name, String version, LinkedHashMap<String, VersionMonitor> versions,
                                long nowMillis) {
        if (versions == null && models.size() >= maxModels) {
            outcome = Outcome.MODEL_LIMIT;
            return null;
        }
        String key = name + '\u0000' + version;
        Long retryAt = missing.get(key);
        if (retryAt != null && nowMillis < retryAt) {
            outcome = Outcome.UNKNOWN_MODEL;
            return null;
        }
        Optional<Reference> reference = reference(name, version);
        if (reference.isEmpty()) {
            if (missing.size() >= MAX_MISSES) {
                missing.clear();
            }
            missing.put(key, nowMillis + retryMillis);
            outcome = Outcome.UNKNOWN_MODEL;
            return null;
        }
        missing.remove(key);
        VersionMonitor m = new VersionMonitor(reference.get(), policy, countWindow, timeSpan, timeMaxEvents);
        LinkedHashMap<String, VersionMonitor> tracked = versions != null ? versions
                : models.computeIfAbsent(name, n -> new LinkedHashMap<>(4, 0.75f, true));
        tracked.put(version, m);
        listener.tracked(m);
        if (tracked.size() > VERSIONS_PER_MODEL) {
            VersionMonitor eldest = tracked.values().iterator().next();
            tracked.remove(eldest.version());
            if (last == eldest) {
                last = null;
            }
            listener.dropped(eldest);
            LOG.info("model {}: version {} no longer tracked ({} versions at most)", name, eldest.version(),
                    VERSIONS_PER_MODEL);
        }
        return m;
    }

    /** The reference of the bundle holding {@code name} at {@code version}, if the repository has one. */
    private Optional<Reference> reference(String name, String version) {
        Optional<Path> dir = RepositoryLayout.find(root, name, version);
        if (dir.isEmpty()) {
            LOG.warn("no bundle for model {} version {} under {}; its events are skipped (unknown_model), "
                    + "the disk is asked again in {} ms", name, version, root.toAbsolutePath(), retryMillis);
            return Optional.empty();
        }
        try {
            BundleMetadata m = BundleMetadata.load(dir.get(), BundleMetadata.Checks.FILES_READ); // never the model
            if (!m.name().equals(name) || !m.version().equals(version)) {
                LOG.warn("{} holds model {} version {}, not {} {}; events of {} {} are skipped (unknown_model)",
                        dir.get(), m.name(), m.version(), name, version, name, version);
                return Optional.empty();
            }
            LOG.info("reference statistics of model {} {} from {}", name, version, dir.get());
            return Optional.of(Reference.of(name, version, m.schema(), m.stats()));
        } catch (BundleException | IllegalArgumentException e) {
            LOG.warn("bundle {} of model {} {} cannot be read: {}; its events are skipped (unknown_model)",
                    dir.get(), name, version, e.getMessage());
            return Optional.empty();
        }
    }
}
