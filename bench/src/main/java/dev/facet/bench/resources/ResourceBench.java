package dev.facet.bench.resources;

import dev.facet.bench.BenchRows;
import dev.facet.bench.Machine;
import dev.facet.bench.ServiceProcess;
import dev.facet.kafka.BrokerOptions;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.Topics;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Scenario;
import dev.facet.simulator.traffic.Snapshot;
import dev.facet.simulator.traffic.TrafficPlan;
import dev.facet.simulator.traffic.TrafficRun;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time and resident memory, each service in its own JVM started through its {@code main} exactly
 * as a container would ({@code java -cp ... Main}, configured by environment variables):
 * <ul>
 *   <li>start-up: from spawning the JVM to the first 200 from {@code /health/ready}, polled every 10 ms
 *       (JVM start, class loading, model load and compile, Kafka client, HTTP bind);</li>
 *   <li>memory: VmRSS from {@code /proc/<pid>/status}, sampled every second while the simulator's generator
 *       sends predictions to serving and their actual prices to ground-truth at a steady rate; the report
 *       gives the idle figure after start and the maximum under load.</li>
 * </ul>
 * With {@code --cds} (the default) each service is started three times, as {@code docker/entrypoint.sh} starts a
 * container: cold, then once recording an AppCDS archive of the classes it loaded (written when it exits), then
 * from that archive; the last one stays up for the memory figures. All three are reported.
 * JVM options of the services are {@code --jvm-opts} ({@link ServiceProcess#CONTAINER_JVM_OPTS} by default: the heap
 * and GC of a Compose container; {@code ""} for the JVM's own ergonomics on this host), serving's
 * {@code --serving-jvm-opts} ({@link ServiceProcess#SERVING_CONTAINER_JVM_OPTS}: its smaller Compose heap). The measured load follows an unreported warm-up at a
 * quarter of the rate.
 */
@Command(name = "resource-bench", mixinStandardHelpOptions = true)
public final class ResourceBench {

    @Option(names = "--models", defaultValue = "models")
    Path models;

    @Option(names = "--rate", defaultValue = "2000")
    double rate;

    @Option(names = "--seconds", defaultValue = "60")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "20",
            description = "traffic at a quarter of the rate first, not reported (the JIT of five fresh JVMs)")
    int warmupSeconds;

    @Option(names = "--jvm-opts", defaultValue = ServiceProcess.CONTAINER_JVM_OPTS, description = "options for each service JVM, space separated")
    String jvmOpts;

    @Option(names = "--cds", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "start each service as the image's entrypoint does: a cold start, a start that records an "
                    + "AppCDS archive of the classes it loaded when it exits, then the measured one from that archive "
                    + "(--no-cds: one cold start)")
    boolean cds;

    @Option(names = "--serving-jvm-opts", defaultValue = ServiceProcess.SERVING_CONTAINER_JVM_OPTS,
            description = "options for serving's JVM, space separated")
    String servingJvmOpts;

    /** @param servingHeap whether it runs with serving's JVM options ({@code --serving-jvm-opts}) */
    private record Service(String name, String main, String envPrefix, boolean servingHeap) {
    }

    /**
     * @param coldStart     seconds to ready without a class-data-sharing archive (NaN when not measured)
     * @param recordedStart seconds to ready of the start that records the archive at its exit
     */
    private record Running(ServiceProcess process, double idleRss, double coldStart, double recordedStart) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("serving", "dev.facet.serving.ServingMain", "SERVING_", true),
            new Service("drift-worker", "dev.facet.drift.DriftWorkerMain", "DRIFT_WORKER_", false),
            new Service("ground-truth", "dev.facet.groundtruth.GroundTruthMain", "GROUND_TRUTH_", false));

    public static void main(String[] args) throws Exception {
        ResourceBench b = new ResourceBench();
        new CommandLine(b).parseArgs(args);
        b.run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("facet-bench-resources");
        Path bundle = BenchRows.bundle(models).toAbsolutePath();
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(work.resolve("kafka")).withPort(0)
                .withControllerPort(0).withLogFile(work.resolve("kafka.log")));
        List<Running> running = new ArrayList<>();
        try {
            broker.start();
            Topics.all().forEach(broker::createTopic);
            for (Service s : SERVICES) {
                running.add(start(s, bundle, broker.bootstrapServers(), work));
            }
            Running serving = running.get(0);
            Running gt = running.get(2);
            TrafficPlan plan = new TrafficPlan(URI.create(serving.process().url()),
                    URI.create(gt.process().url()), rate, TrafficPlan.total(rate, Duration.ofSeconds(seconds), null),
                    Duration.ofSeconds(1), 1.0, 64, 1, Duration.ofSeconds(10), Duration.ofSeconds(30), 42, "");
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            double[] maxRss = new double[running.size()];
            double load;
            Snapshot end;
            try {
                // five fresh JVMs compiling at once take most of the 2 cores for a while: warm them at a quarter
                // of the rate first, or the generator's backlog from those seconds is what the report shows
                TrafficPlan warm = new TrafficPlan(plan.servingUrl(), plan.groundTruthUrl(), rate / 4,
                        TrafficPlan.total(rate / 4, Duration.ofSeconds(warmupSeconds), null), Duration.ofSeconds(1), 1.0,
                        64, 1, Duration.ofSeconds(10), Duration.ofSeconds(30), 7, "");
                TrafficRun.start(vertx, warm, Scenario.replay(new HeldOut(BenchRows.heldOut(models)))).completion()
                        .toCompletionStage().toCompletableFuture().get(warmupSeconds + 90L, TimeUnit.SECONDS);
                TrafficRun traffic = TrafficRun.start(vertx, plan, Scenario.replay(new HeldOut(BenchRows.heldOut(models))));
                while (!traffic.completion().isComplete()) {
                    for (int i = 0; i < running.size(); i++) {
                        maxRss[i] = Math.max(maxRss[i], running.get(i).process().rssMiB());
                    }
                    Thread.sleep(1000); // the RSS sampling period, not synchronisation
                }
                load = Machine.load();
                end = traffic.completion().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } finally {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "JVM options: serving %s, the others %s%n",
                    servingJvmOpts.isBlank() ? "(none: JVM ergonomics)" : servingJvmOpts,
                    jvmOpts.isBlank() ? "(none: JVM ergonomics)" : jvmOpts);
            System.out.printf(Locale.ROOT, "load: %.0f req/s for %d s with ground truth after 1 s: %s (load avg %.2f)%n%n",
                    rate, seconds, end.line(), load);
            if (cds) {
                System.out.println("| service | start-up to ready: cold | recording the archive | from the archive "
                        + "| RSS idle after start | RSS max under load |");
                System.out.println("|---|---:|---:|---:|---:|---:|");
            } else {
                System.out.println("| service | start-up to ready | RSS idle after start | RSS max under load |");
                System.out.println("|---|---:|---:|---:|");
            }
            for (int i = 0; i < running.size(); i++) {
                Running r = running.get(i);
                String starts = cds
                        ? String.format(Locale.ROOT, "%.2f s | %.2f s | %.2f s", r.coldStart(), r.recordedStart(),
                        r.process().startSeconds())
                        : String.format(Locale.ROOT, "%.2f s", r.coldStart());
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f MiB | %.0f MiB |%n", r.process().name(), starts,
                        r.idleRss(), maxRss[i]);
            }
        } finally {
            for (Running r : running) {
                r.process().close(); // SIGTERM: the services' shutdown hooks stop them gracefully
            }
            broker.stop();
            for (Service s : SERVICES) {
                Files.deleteIfExists(work.resolve(s.name() + ".jsa")); // about 40 MB each; the logs stay
            }
        }
    }

    private Running start(Service s, Path bundle, String bootstrap, Path work) throws Exception {
        Map<String, String> env = Map.of(s.envPrefix() + "MODEL_DIR", bundle.toString(),
                s.envPrefix() + "KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        String opts = s.servingHeap() ? servingJvmOpts : jvmOpts;
        String cp = ServiceProcess.jarClassPath();
        if (!cds) {
            ServiceProcess p = ServiceProcess.start(s.name(), s.main(), s.envPrefix(), env, opts, cp,
                    work.resolve(s.name() + ".log"));
            return new Running(p, p.rssMiB(), p.startSeconds(), Double.NaN);
        }
        double cold;
        try (ServiceProcess p = ServiceProcess.start(s.name() + " (cold)", s.main(), s.envPrefix(), env, opts, cp,
                work.resolve(s.name() + "-cold.log"))) {
            cold = p.startSeconds();
        }
        // what docker/entrypoint.sh does: the first start of a container writes the archive when it exits...
        Path archive = work.resolve(s.name() + ".jsa");
        double recorded;
        try (ServiceProcess p = ServiceProcess.start(s.name() + " (recording)", s.main(), s.envPrefix(), env,
                opts + " -XX:ArchiveClassesAtExit=" + archive, cp, work.resolve(s.name() + "-recording.log"))) {
            recorded = p.startSeconds();
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException(s.name() + " wrote no class-data-sharing archive; see "
                    + work.resolve(s.name() + "-recording.log"));
        }
        // ...and later starts map it; -Xshare:on makes an archive the JVM cannot use an error, not a cold start
        ServiceProcess p = ServiceProcess.start(s.name(), s.main(), s.envPrefix(), env,
                opts + " -XX:SharedArchiveFile=" + archive + " -Xshare:on", cp, work.resolve(s.name() + ".log"));
        return new Running(p, p.rssMiB(), cold, recorded);
    }
}
