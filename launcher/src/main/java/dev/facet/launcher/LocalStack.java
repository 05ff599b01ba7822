package dev.facet.launcher;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.RepositoryLayout;
import dev.facet.trainer.ForestConfig;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.kafka.BrokerOptions;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.Topics;
import dev.facet.serving.ServingApp;
import dev.facet.service.config.Settings;
import dev.facet.service.lifecycle.Lifecycle;
import dev.facet.service.lifecycle.RunningService;
import dev.facet.service.lifecycle.ServiceDefinition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The local stack in one JVM: trains the two default models the repository lacks ({@link DefaultModels}), starts
 * the real Kafka broker from {@code kafka/}, the serving, drift-worker and ground-truth services (each with its own
 * Vert.x and metrics registry, as separate processes would have), and Prometheus and Alertmanager when their binaries are installed.
 * Alertmanager gets the repository's routes and receivers, its webhooks pointed at an in-process {@link AlertLog}.
 * Logs go to one folder; Ctrl-C stops everything in reverse order.
 */
@Command(name = "run.sh", sortOptions = false,
        description = {"Run the whole Facet stack locally: Kafka, serving, drift-worker, ground-truth, Prometheus, Alertmanager.",
                "Builds the modules first, then trains diamond-price-rf and penguins into --models where it lacks them."},
        footer = {"Environment: FACET_SKIP_BUILD=1 skips the Maven build (the modules are already built)."})
public final class LocalStack implements Callable<Integer> {

    // help only: a version option would print nothing, as the modules carry no version banner
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit, without building")
    boolean help;

    @Option(names = "--run-dir", defaultValue = "run", paramLabel = "DIR", description = "broker, Prometheus and Alertmanager data, logs (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--models", defaultValue = "models", paramLabel = "DIR",
            description = "model repository root, <name>/<version>/ bundles, served and monitored (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka broker's client port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "9095", paramLabel = "PORT",
            description = "Kafka broker's KRaft controller port (default: ${DEFAULT-VALUE})")
    int controllerPort;

    @Option(names = "--serving-port", defaultValue = "8080", paramLabel = "PORT",
            description = "serving's HTTP port: /predict, home page, /metrics (default: ${DEFAULT-VALUE})")
    int servingPort;

    @Option(names = "--drift-port", defaultValue = "8081", paramLabel = "PORT",
            description = "drift-worker's HTTP port: /drift, /metrics (default: ${DEFAULT-VALUE})")
    int driftPort;

    @Option(names = "--ground-truth-port", defaultValue = "8082", paramLabel = "PORT",
            description = "ground-truth's HTTP port: /feedback, /quality, /metrics (default: ${DEFAULT-VALUE})")
    int groundTruthPort;

    @Option(names = "--prometheus-port", defaultValue = "9090", paramLabel = "PORT",
            description = "Prometheus's port, when it is installed (default: ${DEFAULT-VALUE})")
    int prometheusPort;

    @Option(names = "--no-prometheus", description = "do not start Prometheus even if it is installed")
    boolean noPrometheus;

    @Option(names = "--alertmanager-port", defaultValue = "9093", paramLabel = "PORT",
            description = "Alertmanager's port, when it is installed (default: ${DEFAULT-VALUE})")
    int alertmanagerPort;

    @Option(names = "--no-alertmanager", description = "do not start Alertmanager even if it is installed")
    boolean noAlertmanager;

    @Option(names = "--only", split = ",", paramLabel = "SERVICE", description = "start only these services: serving, drift-worker, ground-truth")
    List<String> only;

    private final List<Runnable> stops = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStack()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = runDir.resolve("logs");
        Files.createDirectories(logs);
        boolean penguins = ensureModels();

        say("starting Kafka (KRaft, single node) on 127.0.0.1:" + kafkaPort + ", log " + logs.resolve("kafka.log"));
        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(runDir.resolve("kafka"))
                .withPort(kafkaPort).withControllerPort(controllerPort).withLogFile(logs.resolve("kafka.log")));
        broker.start();
        stops.add(0, broker::stop);
        Topics.all().forEach(broker::createTopic);
        String bootstrap = broker.bootstrapServers();

        Map<String, String> env = new HashMap<>(System.getenv());
        List<String> urls = new ArrayList<>();
        if (wanted("serving")) {
            ServingApp app = start(ServingApp.service(), servingPort, env, bootstrap);
            urls.add("serving        http://localhost:" + app.httpPort() + "/  (predict, /model-info, /metrics, /health)");
        }
        if (wanted("drift-worker")) {
            DriftWorkerApp app = start(DriftWorkerApp.service(), driftPort, env, bootstrap);
            urls.add("drift-worker   http://localhost:" + app.httpPort() + "/drift  (/metrics, /health)");
        }
        if (wanted("ground-truth")) {
            GroundTruthApp app = start(GroundTruthApp.service(), groundTruthPort, env, bootstrap);
            urls.add("ground-truth   http://localhost:" + app.httpPort() + "/quality  (POST /feedback, /metrics, /health)");
        }
        // before Prometheus, whose config names it
        OptionalInt alertmanager = noAlertmanager ? OptionalInt.empty() : startAlertmanager(logs, urls);
        if (!noPrometheus) {
            LocalPrometheus.start(runDir, prometheusPort, servingPort, driftPort, groundTruthPort, alertmanager)
                    .ifPresentOrElse(p -> {
                        stops.add(0, p::stop);
                        urls.add("prometheus     http://localhost:" + prometheusPort + "/  (rules and alerts loaded)");
                    }, () -> say("Prometheus not installed (apt-get install prometheus to add it); skipping"));
        }
        urls.add("kafka          " + bootstrap + "  (topics " + String.join(", ", Topics.all().keySet()) + ")");

        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping ...");
            for (Runnable stop : stops) {
                try {
                    stop.run();
                } catch (RuntimeException e) {
                    say("  " + e.getMessage());
                }
            }
            say("stopped");
            done.countDown();
        }, "facet-local-stop"));

        say("up. Logs in " + logs.toAbsolutePath() + ". Ctrl-C stops everything.");
        urls.forEach(u -> say("  " + u));
        say("try: curl -s localhost:" + servingPort + "/predict -H 'Content-Type: application/json' -d "
                + "'{\"carat\":0.7,\"cut\":\"Ideal\",\"color\":\"G\",\"clarity\":\"VS2\",\"depth\":61.8,\"table\":56,\"x\":5.7,\"y\":5.72,\"z\":3.53}'");
        if (penguins) {
            say("     curl -s localhost:" + servingPort + "/models/penguins/predict -H 'Content-Type: application/json' -d "
                    + "'{\"island\":\"Biscoe\",\"culmen_length_mm\":45.2,\"culmen_depth_mm\":14.8,"
                    + "\"flipper_length_mm\":212,\"body_mass_g\":5200,\"sex\":\"FEMALE\"}'");
        }
        done.await();
        return 0;
    }

    /** Alertmanager and the webhook it posts to, or empty (with the reason said) when it cannot run. */
    private OptionalInt startAlertmanager(Path logs, List<String> urls) throws Exception {
        Optional<Path> binary = LocalAlertmanager.binary();
        if (binary.isEmpty()) {
            say("Alertmanager not installed (apt-get install prometheus-alertmanager to add it); skipping");
            return OptionalInt.empty();
        }
        AlertLog alerts = AlertLog.start(logs.resolve("alerts.log"), LocalStack::say);
        LocalAlertmanager alertmanager;
        try {
            alertmanager = LocalAlertmanager.start(binary.get(), runDir, alertmanagerPort,
                    AlertmanagerConfig.localCopy(Path.of("prometheus", "alertmanager.yml"), alerts::url));
        } catch (IOException e) {
            alerts.stop();
            say("Alertmanager not started: " + e.getMessage() + "; going on without it");
            return OptionalInt.empty();
        }
        stops.add(0, alerts::stop);
        stops.add(0, alertmanager::stop);
        urls.add("alertmanager   http://localhost:" + alertmanager.port() + "/  (notifications: "
                + alerts.file().toAbsolutePath() + ")");
        return OptionalInt.of(alertmanager.port());
    }

    private boolean wanted(String service) {
        return only == null || only.isEmpty() || only.contains(service);
    }

    /**
     * Trains the default models the repository lacks ({@link DefaultModels}); a root in the older one-model layout is
     * served as it is, with a word on how to migrate it. Returns whether the penguins model is in the repository.
     */
    private boolean ensureModels() throws Exception {
        DefaultModels.Outcome outcome = DefaultModels.ensure(models, ForestConfig.DEFAULT, LocalStack::say);
        if (outcome.olderLayout().isPresent()) {
            Path bundle = outcome.olderLayout().get();
            String name = BundleMetadata.load(bundle, BundleMetadata.Checks.FILES_READ).name();
            say(DefaultModels.migrationHint(models, bundle, name));
            return false;
        }
        say("model repository " + models.toAbsolutePath() + ": " + String.join(", ", RepositoryLayout.bundles(models)
                .stream().map(b -> models.relativize(b).toString()).toList()));
        return BundleMetadata.resolve(models.resolve(DefaultModels.PENGUINS)).isPresent();
    }

    /**
     * Starts one service as its {@code main} would (defaults, {@code <SERVICE>_CONFIG}, environment), with the
     * stack's port, model repository root and broker on top, and puts its stop first in line. Every service gets the
     * root: serving serves each model in it, and the monitors look up each event's bundle there (the older one-model
     * layouts work the same way, as a root holding one model).
     */
    private <A extends RunningService> A start(ServiceDefinition<?, ?, A> service, int port, Map<String, String> env,
                                               String bootstrap) {
        JsonObject c = Settings.load(service.name(), service.defaults(), env)
                .put("http.port", port).put("model.dir", models.toString()).put("kafka.bootstrap.servers", bootstrap);
        A app = await(Lifecycle.start(service, c), service.name());
        stops.add(0, () -> await(app.stop(), service.name() + " stop"));
        return app;
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.await(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    static void say(String line) {
        System.out.println("facet: " + line);
    }
}
