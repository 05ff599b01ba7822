package dev.facet.bench.consumer;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.bench.BenchRows;
import dev.facet.bench.Machine;
import dev.facet.bench.Scrape;
import dev.facet.bench.ServiceProcess;
import dev.facet.bench.detection.ModelTraffic;
import dev.facet.bench.detection.Served;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.kafka.BrokerOptions;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.Topics;
import dev.facet.service.config.Settings;
import dev.facet.serving.ServingApp;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Scenario;
import dev.facet.simulator.traffic.Snapshot;
import dev.facet.simulator.traffic.TrafficPlan;
import dev.facet.simulator.traffic.TrafficRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Consumer throughput and end-to-end freshness, in one command, against a real broker:
 * <ol>
 *   <li>drift-worker: N prediction events produced first, then the worker started; events/s = events over
 *       the time from its first processed event to its N-th ({@code drift_events_processed_total});</li>
 *   <li>ground-truth: N feedback events for those predictions, then the service started; pairs/s the same
 *       way on {@code join_matched_total} (it reads both topics, so this is a join rate);</li>
 *   <li>freshness: serving, drift-worker and ground-truth running, the simulator's generator at a steady
 *       rate with ground truth after a delay; every 100 ms the driver samples what the generator has had
 *       answered (predictions 200, feedback 2xx) and what the consumers have counted. The freshness of a
 *       sample is how long until the consumer's counter reached the generator's count at that moment,
 *       i.e. the time from "the client has its answer" to "the event is in the drift window / the MAE".</li>
 * </ol>
 */
@Command(name = "consumer-bench", mixinStandardHelpOptions = true)
public final class ConsumerBench {

    @Option(names = "--models", defaultValue = "models")
    Path models;

    @Option(names = "--events", defaultValue = "200000")
    int events;

    @Option(names = "--rate", defaultValue = "500", description = "steady request rate for freshness")
    double rate;

    @Option(names = "--seconds", defaultValue = "30", description = "length of the freshness run")
    int seconds;

    @Option(names = "--feedback-delay-ms", defaultValue = "1000")
    long feedbackDelayMs;

    @Option(names = "--second-share", defaultValue = "0", description = "share of the events that are the penguins "
            + "classifier's (version 2 events, label feedback; needs models/penguins), the rest the diamonds'")
    double secondShare;

    @Option(names = "--no-history", description = "history.enabled=false in both services: no evaluation events "
            + "published, to see what publishing every window costs")
    boolean noHistory;

    @Option(names = "--skip-freshness", description = "only the two throughput runs (e.g. for a profiler)")
    boolean skipFreshness;

    public static void main(String[] args) throws Exception {
        ConsumerBench b = new ConsumerBench();
        new CommandLine(b).parseArgs(args);
        b.run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("facet-bench-consumers");
        Path bundle = BenchRows.bundle(models);
        BundleMetadata meta = BundleMetadata.load(bundle);
        List<LabelledDiamond> rows = BenchRows.heldOut(models);
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(work.resolve("kafka")).withPort(0)
                .withControllerPort(0).withLogFile(work.resolve("kafka.log")));
        List<Runnable> stops = new ArrayList<>();
        try {
            broker.start();
            Topics.all().forEach(broker::createTopic);
            String bootstrap = broker.bootstrapServers();

            List<Served> pool = secondShare > 0 ? secondModel() : List.of();
            // with two models the services read the repository; with one, the diamonds bundle as before
            Path modelDir = secondShare > 0 ? models : bundle;
            log("producing " + events + " prediction events" + (secondShare > 0
                    ? String.format(Locale.ROOT, ", %.0f%% of them the penguins classifier's", 100 * secondShare) : ""));
            Prefill.predictions(bootstrap, Topics.PREDICTIONS, rows, events, meta.name(), meta.version(), pool,
                    secondShare);
            double load = Machine.load();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            DriftWorkerApp drift = DriftWorkerApp.start(config("drift-worker", modelDir, bootstrap)
                    .put("history.enabled", !noHistory)).await(10, TimeUnit.MINUTES);
            stops.add(0, () -> stopQuietly(drift.stop()));
            String driftMetrics = "http://127.0.0.1:" + drift.httpPort() + "/metrics";
            Timing d = timeUntil(() -> counter(driftMetrics, "drift_events_processed_total"), events, t0,
                    "drift-worker-consumer", cpu0);
            report("drift-worker", "events/s", d, load);

            log("producing " + events + " feedback events");
            Prefill.feedback(bootstrap, Topics.GROUND_TRUTH, rows, events, pool, secondShare);
            load = Machine.load();
            t0 = System.nanoTime();
            cpu0 = processCpuNanos();
            // a fixed port, polled from the moment start() is called: start-up includes the joiner's first replay
            int gtPort = ServiceProcess.freePort();
            Future<GroundTruthApp> gtStarting = GroundTruthApp.start(config("ground-truth", modelDir, bootstrap).put("http.port", gtPort)
                    .put("history.enabled", !noHistory)
                    // the joiner keeps at most join.max.pending (default 200,000) predictions waiting and evicts the
                    // oldest beyond that (documented); a pre-filled topic larger than that would measure evictions
                    .put("join.max.pending", Math.max(200_000, events)));
            String gtMetrics = "http://127.0.0.1:" + gtPort + "/metrics";
            Timing g = timeUntil(() -> counter(gtMetrics, "join_matched_total"), events, t0, "ground-truth-joiner",
                    cpu0);
            GroundTruthApp gt = gtStarting.await(10, TimeUnit.MINUTES);
            stops.add(0, () -> stopQuietly(gt.stop()));
            report("ground-truth", "pairs/s", g, load);

            if (skipFreshness) {
                return;
            }
            ServingApp serving = ServingApp.start(config("serving", bundle, bootstrap)).await(2, TimeUnit.MINUTES);
            stops.add(0, () -> stopQuietly(serving.stop()));
            freshness(serving.httpPort(), gt.httpPort(), driftMetrics, gtMetrics, rows);
        } finally {
            stops.forEach(Runnable::run);
            broker.stop();
        }
    }

    /** 1,000 clean events of the penguins classifier, as serving would publish them, with their actual labels. */
    private List<Served> secondModel() {
        Path dir = BundleMetadata.resolve(models.resolve("penguins")).orElseThrow(() -> new IllegalStateException(
                "--second-share needs the penguins classifier under " + models.resolve("penguins")
                        + " (bench/run.sh model trains it)"));
        ModelTraffic.Model m = ModelTraffic.load(dir);
        return m.traffic(m.rows(), Scenario.replay(m.rows()), 1, 1000).window(false, new SplittableRandom(21));
    }

    private void freshness(int servingPort, int gtPort, String driftMetrics, String gtMetrics,
                           List<LabelledDiamond> rows) throws Exception {
        long driftBase = counter(driftMetrics, "drift_events_processed_total");
        long gtBase = counter(gtMetrics, "join_matched_total");
        TrafficPlan plan = new TrafficPlan(URI.create("http://127.0.0.1:" + servingPort),
                URI.create("http://127.0.0.1:" + gtPort), rate, TrafficPlan.total(rate, Duration.ofSeconds(seconds), null),
                Duration.ofMillis(feedbackDelayMs), 1.0, 8, 1, Duration.ofSeconds(10), Duration.ofSeconds(30), 42, "");
        Vertx vertx = Vertx.vertx();
        double load = Machine.load();
        log(String.format(Locale.ROOT, "freshness: %.0f req/s for %d s, feedback after %d ms", rate, seconds, feedbackDelayMs));
        try {
            TrafficRun run = TrafficRun.start(vertx, plan, Scenario.replay(new HeldOut(rows)));
            List<long[]> samples = new ArrayList<>(); // t, answered predictions, drift counted, answered feedback, joined
            while (!run.completion().isComplete() || samples.isEmpty()
                    || last(samples)[2] - driftBase < last(samples)[1] || last(samples)[4] - gtBase < last(samples)[3]) {
                Snapshot s = run.progress();
                samples.add(new long[] {System.nanoTime(), s.ok(), counter(driftMetrics, "drift_events_processed_total"),
                        s.feedbackOk(), counter(gtMetrics, "join_matched_total")});
                if (samples.size() > (seconds + 60) * 10) {
                    break;
                }
                Thread.sleep(100); // the sampling period of a measurement loop on the main thread, not synchronisation
            }
            Snapshot end = run.completion().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            double[] pred = lags(samples, 1, 2, driftBase);
            double[] fb = lags(samples, 3, 4, gtBase);
            System.out.printf(Locale.ROOT, "| prediction answered -> counted by drift-worker | %.0f req/s | %.0f ms | %.0f ms | %.0f ms | %d samples | load %.2f |%n",
                    rate, pred[0], pred[1], pred[2], (long) pred[3], load);
            System.out.printf(Locale.ROOT, "| feedback accepted -> joined into MAE | %.0f req/s | %.0f ms | %.0f ms | %.0f ms | %d samples | load %.2f |%n",
                    rate, fb[0], fb[1], fb[2], (long) fb[3], load);
            System.out.println("simulator: " + end.line());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static long[] last(List<long[]> samples) {
        return samples.get(samples.size() - 1);
    }

    /** p50, p99, max in ms and the count of samples that had something to wait for. */
    static double[] lags(List<long[]> samples, int produced, int consumed, long base) {
        List<Double> lags = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            long target = samples.get(i)[produced];
            if (target == 0 || (i > 0 && target == samples.get(i - 1)[produced])) {
                continue; // nothing new was answered since the last sample
            }
            for (int j = i; j < samples.size(); j++) {
                if (samples.get(j)[consumed] - base >= target) {
                    lags.add((samples.get(j)[0] - samples.get(i)[0]) / 1e6);
                    break;
                }
            }
        }
        if (lags.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        double[] v = lags.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {v[(int) Math.floor(0.5 * (v.length - 1))], v[(int) Math.floor(0.99 * (v.length - 1))],
                v[v.length - 1], v.length};
    }

    /**
     * @param threadCpuNanos  the consumer thread's CPU time (user + system) from its start to the N-th event
     * @param processCpuNanos the whole JVM's CPU time from the service's start to the N-th event: the consumer,
     *                        the collector, the Kafka client's threads, the metrics page polled by this harness
     */
    private record Timing(double fromStartSeconds, double firstSeconds, double lastSeconds, long count,
                          long threadCpuNanos, long processCpuNanos) {
        double rate() {
            return count / (lastSeconds - firstSeconds);
        }
    }

    /**
     * CPU time is the figure to compare on a shared machine: other work there slows the consumer's clock, much
     * less the CPU it spends per event.
     */
    private static long processCpuNanos() {
        return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
    }

    /** The CPU time of the live thread called {@code name} (the service's consumer loop), -1 if there is none. */
    private static long threadCpuNanos(String name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().equals(name)) {
                return threads.getThreadCpuTime(t.getThreadId());
            }
        }
        return -1;
    }

    private static Timing timeUntil(LongSupplier counter, long target, long t0, String thread, long cpu0)
            throws InterruptedException {
        long first = 0;
        long firstCount = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long lastLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long n = counter.getAsLong();
            long now = System.nanoTime();
            if (now - lastLog > TimeUnit.SECONDS.toNanos(5)) {
                log("counted " + n + " of " + target);
                lastLog = now;
            }
            if (n > 0 && first == 0) {
                first = now;
                firstCount = n;
            }
            if (n >= target) {
                return new Timing((now - t0) / 1e9, (first - t0) / 1e9, (now - t0) / 1e9, n - firstCount,
                        threadCpuNanos(thread), processCpuNanos() - cpu0);
            }
            // polling period of the measurement, not synchronisation; each poll renders the whole /metrics page,
            // which at 20 ms took a good part of a core from the consumer being measured
            Thread.sleep(100);
        }
        throw new IllegalStateException("the counter did not reach " + target + " within 10 minutes, last "
                + counter.getAsLong());
    }

    private static long counter(String metricsUrl, String name) {
        try {
            return (long) Scrape.sum(Scrape.get(metricsUrl), name + "(\\{[^}]*\\})?");
        } catch (Exception e) {
            return 0;
        }
    }

    private void report(String service, String unit, Timing t, double load) {
        String mix = secondShare > 0 ? String.format(Locale.ROOT, " (%.0f%% penguins)", 100 * secondShare) : "";
        System.out.printf(Locale.ROOT, "| %s | %d events%s | %,.0f %s | consumer thread %.2f µs, process %.2f µs CPU an event "
                        + "| first event %.1f s after start, all after %.1f s | load %.2f |%n",
                service, events, mix, t.rate(), unit, t.threadCpuNanos() / 1e3 / events, t.processCpuNanos() / 1e3 / events,
                t.firstSeconds(), t.lastSeconds(), load);
    }

    static JsonObject config(String service, Path bundle, String bootstrap) {
        JsonObject c = Settings.load(service, "/" + service + "-defaults.json", Map.of());
        return c.put("http.port", 0).put("model.dir", bundle.toString()).put("kafka.bootstrap.servers", bootstrap);
    }


    private static void stopQuietly(Future<Void> stopping) {
        try {
            stopping.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("stop did not finish: " + e);
        }
    }

    private static void log(String s) {
        System.err.println("consumer-bench: " + s + " (" + Machine.loadText() + ")");
    }
}
