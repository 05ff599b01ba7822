package dev.facet.drift.state;

import dev.facet.drift.stats.Evaluation;
import dev.facet.service.http.Health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the consumer publishes for readers on other threads (the HTTP event loop, the metrics scrape): the
 * latest evaluation per window, window fill, consumer lag and the consumer's health. Written only by the
 * consumer's thread; every field is safely published (volatile or atomic), and evaluations are
 * immutable, so readers never see a half-updated verdict.
 */
public final class DriftState {

    private final Map<String, AtomicReference<Evaluation>> latest = new ConcurrentHashMap<>();
    private final Map<String, Fill> fill = new ConcurrentHashMap<>();
    private volatile long lagRecords = -1;
    private volatile int assignedPartitions;
    private volatile Health.Component consumerHealth =
            new Health.Component("kafka_consumer", Health.Status.DEGRADED, "not yet connected");

    /** Events currently in a window and its capacity. */
    public record Fill(int events, int capacity) {
        public double ratio() {
            return capacity == 0 ? 0 : (double) events / capacity;
        }
    }

    public void publish(Evaluation e) {
        latest.computeIfAbsent(e.window(), w -> new AtomicReference<>()).set(e);
    }

    /** The latest evaluation of {@code window}, or null before the first. */
    public Evaluation latest(String window) {
        AtomicReference<Evaluation> ref = latest.get(window);
        return ref == null ? null : ref.get();
    }

    public void fill(String window, int events, int capacity) {
        fill.put(window, new Fill(events, capacity));
    }

    public Fill fill(String window) {
        return fill.getOrDefault(window, new Fill(0, 0));
    }

    /** Records behind the end offsets of the assigned partitions, summed; -1 while unknown. */
    public long lagRecords() {
        return lagRecords;
    }

    public void lag(long records, int partitions) {
        this.lagRecords = records;
        this.assignedPartitions = partitions;
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
