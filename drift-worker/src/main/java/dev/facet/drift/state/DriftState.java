package dev.facet.drift.state;

import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.InstanceShare;
import dev.facet.service.http.Health;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the consumer publishes for readers on other threads (the HTTP event loop, the metrics scrape): per model
 * and version, the latest evaluation per window and the open windows' fill; per model, the latest evaluation per
 * window of any of its versions (what the metrics show); consumer lag and health. Written only by the consumer's
 * thread; the maps are concurrent and evaluations immutable, so readers never see a half-updated verdict.
 */
public final class DriftState {

    private final DataDriftPolicy policy;
    private final Map<String, ModelState> models = new ConcurrentHashMap<>();
    private volatile long lagRecords = -1;
    private volatile int assignedPartitions;
    private volatile InstanceShare share = InstanceShare.whole();
    private volatile Health.Component consumerHealth =
            new Health.Component("kafka_consumer", Health.Status.DEGRADED, "not yet connected");

    public DriftState(DataDriftPolicy policy) {
        this.policy = policy;
    }

    /** Events currently in a window and its capacity. */
    public record Fill(int events, int capacity) {
        public double ratio() {
            return capacity == 0 ? 0 : (double) events / capacity;
        }
    }

    /** One tracked version: its latest evaluation and fill per window. */
    public static final class VersionState {
        private final Map<String, Evaluation> latest = new ConcurrentHashMap<>();
        private final Map<String, Fill> fill = new ConcurrentHashMap<>();

        public Evaluation latest(String window) {
            return latest.get(window);
        }

        public Fill fill(String window) {
            return fill.getOrDefault(window, new Fill(0, 0));
        }
    }

    /** One model: its tracked versions, the version of its latest event, the latest evaluation of any version. */
    public static final class ModelState {
        private final Map<String, VersionState> versions = new ConcurrentHashMap<>();
        private final Map<String, Evaluation> latest = new ConcurrentHashMap<>();
        private volatile String currentVersion;

        /** The version whose event came last (the one {@code /drift} shows first). */
        public String currentVersion() {
            return currentVersion;
        }

        /** Tracked versions by version, sorted. */
        public Map<String, VersionState> versions() {
            return new TreeMap<>(versions);
        }
    }

    public DataDriftPolicy policy() {
        return policy;
    }

    public void track(String model, String version) {
        ModelState m = models.computeIfAbsent(model, n -> new ModelState());
        m.versions.putIfAbsent(version, new VersionState());
        m.currentVersion = version;
    }

    public void drop(String model, String version) {
        ModelState m = models.get(model);
        if (m != null) {
            m.versions.remove(version);
        }
    }

    /** The version whose event came last: set by the consumer when it changes. */
    public void current(String model, String version) {
        ModelState m = models.get(model);
        if (m != null) {
            m.currentVersion = version;
        }
    }

    public void publish(Evaluation e) {
        ModelState m = models.computeIfAbsent(e.modelName(), n -> new ModelState());
        VersionState v = m.versions.get(e.modelVersion());
        if (v != null) {
            v.latest.put(e.window(), e);
        }
        m.latest.put(e.window(), e);
    }

    /** The latest evaluation of {@code window} of any version of {@code model}, or null before the first. */
    public Evaluation latest(String model, String window) {
        ModelState m = models.get(model);
        return m == null ? null : m.latest.get(window);
    }

    public void fill(String model, String version, String window, int events, int capacity) {
        ModelState m = models.get(model);
        VersionState v = m == null ? null : m.versions.get(version);
        if (v != null) {
            v.fill.put(window, new Fill(events, capacity));
        }
    }

    /** The open window of the model's current version. */
    public Fill fill(String model, String window) {
        ModelState m = models.get(model);
        VersionState v = m == null || m.currentVersion == null ? null : m.versions.get(m.currentVersion);
        return v == null ? new Fill(0, 0) : v.fill(window);
    }

    public Optional<ModelState> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The models seen, sorted by name. */
    public List<String> modelNames() {
        return models.keySet().stream().sorted().toList();
    }

    /** Records behind the end offsets of the assigned partitions, summed; -1 while unknown. */
    public long lagRecords() {
        return lagRecords;
    }

    public void lag(long records, int partitions) {
        this.lagRecords = records;
        this.assignedPartitions = partitions;
    }

    /** This worker's share of the topic, as of its latest assignment (the whole stream before the first). */
    public InstanceShare share() {
        return share;
    }

    public void share(InstanceShare share) {
        this.share = share;
    }

    public int assignedPartitions() {
        return assignedPartitions;
    }

    public Health.Component consumerHealth() {
        return consumerHealth;
    }

    public void consumerHealth(Health.Component component) {
        this.consumerHealth = component;
    }
}
