package dev.facet.serving;

import dev.facet.service.config.Settings;
import dev.facet.service.http.BearerAuth;
import dev.facet.service.http.Health;
import dev.facet.service.http.JsonReplies;
import dev.facet.service.kafka.EventPublisher;
import dev.facet.service.lifecycle.Lifecycle;
import dev.facet.service.lifecycle.RunningService;
import dev.facet.service.lifecycle.ServiceDefinition;
import dev.facet.service.metrics.ServiceRuntime;
import dev.facet.serving.config.ServingConfig;
import dev.facet.serving.http.AdminEndpoints;
import dev.facet.serving.http.Admission;
import dev.facet.serving.http.ServingVerticle;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelLoader;
import dev.facet.serving.inference.ModelRepository;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.prediction.PredictionService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The running serving service, and serving's parts of the one service skeleton ({@link Lifecycle}): the model,
 * the Kafka publisher and {@code http.instances} HTTP verticles sharing one port.
 *
 * <p>{@link #start} loads and compiles the model on a worker (seconds for a large forest), then deploys; it
 * fails, closing everything it opened, when there is no bundle or the config is invalid.
 * {@link #stop} closes the HTTP servers first (no new predictions), then flushes the producer (bounded wait),
 * then closes Vert.x: the reverse of the order they started in.
 */
public final class ServingApp implements RunningService {

    private static final Logger LOG = LoggerFactory.getLogger(ServingApp.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private final Lifecycle lifecycle;
    private final int port;
    private final List<String> routePaths;

    private ServingApp(Lifecycle lifecycle, int port, List<String> routePaths) {
        this.lifecycle = lifecycle;
        this.port = port;
        this.routePaths = routePaths;
    }

    /** Starts with {@code config} over the defaults ({@code serving-defaults.json}); http.port 0 binds a free port. */
    public static Future<ServingApp> start(JsonObject config) {
        return Lifecycle.start(service(), config);
    }

    /**
     * As {@link #start(JsonObject)}, with reloads loading bundles through {@code loader} (blocking, on a worker): the
     * tests' way to hold a model's load while they look at it loading, without timing anything.
     */
    static Future<ServingApp> start(JsonObject config, Function<Path, LoadedModel> loader) {
        return Lifecycle.start(new Definition(loader), config);
    }

    /** Serving's name, defaults, config, model and verticles, for the skeleton. */
    public static ServiceDefinition<?, ?, ServingApp> service() {
        return new Definition(ModelLoader::loadBundle);
    }

    private static final class Definition implements ServiceDefinition<ServingConfig, Wiring, ServingApp> {
        private final Function<Path, LoadedModel> loader;

        Definition(Function<Path, LoadedModel> loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "serving";
        }

        @Override
        public String defaults() {
            return ServingConfig.DEFAULTS;
        }

        @Override
        public ServingConfig config(JsonObject settings) {
            return ServingConfig.from(settings);
        }

        /** Serving counts its answers itself (HttpResponses): vertx-micrometer's per-request meters cost CPU. */
        @Override
        public boolean httpServerMetrics() {
            return false;
        }

        /** Room for the HTTP grace ({@code http.shutdown.grace.ms}) and then the producer's bounded flush. */
        @Override
        public Duration stopWait() {
            return Duration.ofSeconds(20);
        }

        /** Bundle checksums, deserialisation and compilation; the Kafka client's construction too. */
        @Override
        public Wiring load(ServingConfig config, Lifecycle lifecycle) {
            return wire(config, lifecycle, loader);
        }

        @Override
        public Future<ServingApp> deploy(ServingConfig config, Wiring wiring, Lifecycle lifecycle) {
            return ServingApp.deploy(config, lifecycle, wiring);
        }
    }

    private record Wiring(PredictionService predictions, ServingMetrics metrics, EventPublisher publisher,
                          AtomicReference<LoadedModel> model, ModelInfo modelInfo, Duration degradedAfter,
                          AdminEndpoints admin, Optional<BearerAuth> adminAuth, Buffer openApi, Admission admission,
                          ModelRepository repository) {
    }

    /**
     * {@code GET /model-info}'s body, encoded once per model: a reload changes the model, and the next request
     * encodes the new one (the identity check is a volatile read).
     */
    private static final class ModelInfo {
        private final AtomicReference<LoadedModel> model;
        private final ServingConfig config;
        private volatile Buffer encoded;
        private volatile LoadedModel encodedFor;

        ModelInfo(AtomicReference<LoadedModel> model, ServingConfig config) {
            this.model = model;
            this.config = config;
        }

        Buffer get() {
            LoadedModel m = model.get();
            if (m != encodedFor) {
                encoded = JsonReplies.encode(modelInfo(m, config));
                encodedFor = m;
            }
            return encoded;
        }
    }

    private static Wiring wire(ServingConfig c, Lifecycle lifecycle, Function<Path, LoadedModel> loader) {
        ServiceRuntime runtime = lifecycle.runtime();
        Buffer openApi = resource("/openapi.yaml");
        // the metrics exist before the repository, which reports to them every model it swaps in later
        ServingMetrics metrics = new ServingMetrics(runtime.registry());
        ModelRepository repository = ModelRepository.load(c.modelDir(), c.models(), c.defaultModel(),
                ServingConfig.USUAL_DEFAULT, metrics::modelLoaded, loader);
        LoadedModel loaded = repository.defaultReference().get();
        LOG.info("serving model {} version {} from {} ({} trees, {} nodes) behind the original routes", loaded.name(),
                loaded.version(), loaded.directory(), loaded.trees(), loaded.nodes());
        for (ModelRepository.Slot s : repository.slots()) {
            metrics.modelLoaded(s.current(), s.name().equals(repository.defaultName()));
        }
        EventPublisher publisher = null;
        if (c.kafkaEnabled()) {
            EventPublisher p = new EventPublisher(runtime.vertx(), runtime.registry(), c.bootstrapServers(),
                    c.predictionsTopic(), c.kafkaBufferMaxBytes(), Map.of());
            lifecycle.onStop("kafka producer", () -> flushAtMost(runtime.vertx(), p, FLUSH_TIMEOUT));
            metrics.bindPublishErrors(c.predictionsTopic());
            publisher = p;
        }
        AtomicReference<LoadedModel> model = repository.defaultReference();
        Optional<BearerAuth> adminAuth = BearerAuth.of(c.adminToken(), c.adminTokenFile());
        if (adminAuth.isEmpty()) {
            LOG.warn("admin routes are DISABLED (POST /admin/reload answers 404): set SERVING_ADMIN_TOKEN or "
                    + "SERVING_ADMIN_TOKEN_FILE to enable them");
        } else {
            LOG.info("admin routes enabled behind a bearer token ({})",
                    c.adminTokenFile().isBlank() ? "admin.token" : "admin.token.file " + c.adminTokenFile());
        }
        PredictionService predictions = new PredictionService(model, publisher, metrics);
        Admission admission = new Admission();
        metrics.observeInFlight(admission::inFlight);
        return new Wiring(predictions, metrics, publisher, model, new ModelInfo(model, c), c.kafkaDegradedAfter(),
                new AdminEndpoints(repository, metrics), adminAuth, openApi, admission, repository);
    }

    /**
     * Deploys {@code http.instances} verticles on one port. Vert.x shares a listening socket among servers of the
     * same host and port, but not among servers asking for port 0 (each would get its own), so port 0 is first
     * resolved to a free port by binding and releasing it; another process could take it in between, in which
     * case start fails with a bind error.
     */
    private static Future<ServingApp> deploy(ServingConfig c, Lifecycle lifecycle, Wiring w) {
        List<ServingVerticle> instances = new CopyOnWriteArrayList<>();
        int wanted;
        try {
            wanted = c.httpPort() != 0 ? c.httpPort() : freePort(c.httpHost());
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        return lifecycle.deploy("http", () -> {
            ServingVerticle v = verticle(c, wanted, lifecycle.runtime(), w);
            instances.add(v);
            return v;
        }, new DeploymentOptions().setInstances(c.httpInstances())).compose(id -> {
            Set<Integer> ports = new TreeSet<>();
            instances.forEach(v -> ports.add(v.actualPort()));
            if (ports.size() != 1) {
                return Future.failedFuture(new IllegalStateException(
                        "HTTP instances listen on different ports " + ports + "; set http.instances=1 or a fixed port"));
            }
            int port = ports.iterator().next();
            LOG.info("serving listening on {}:{} with {} event-loop instances", c.httpHost(), port, c.httpInstances());
            return Future.succeededFuture(new ServingApp(lifecycle, port, instances.get(0).routePaths()));
        });
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    private static ServingVerticle verticle(ServingConfig c, int port, ServiceRuntime runtime, Wiring w) {
        return new ServingVerticle(c, port, new ServingVerticle.Parts(w.predictions(), w.metrics(), w.admission(),
                runtime.registry(), () -> health(w), w.openApi(), w.modelInfo()::get, w.admin(), w.adminAuth(),
                w.repository()));
    }

    /** Model DOWN if none is loaded (not ready); Kafka DEGRADED on a broker outage (still ready, still serving). */
    private static List<Health.Component> health(Wiring w) {
        LoadedModel m = w.model().get();
        List<Health.Component> parts = new ArrayList<>(2);
        parts.add(m == null
                ? new Health.Component("model", Health.Status.DOWN, "no model loaded")
                : new Health.Component("model", Health.Status.UP, m.name() + " version " + m.version()
                        + " from " + m.directory()));
        if (w.publisher() != null) {
            parts.add(w.publisher().health(w.degradedAfter()));
        } else {
            parts.add(new Health.Component("kafka_producer", Health.Status.UP, "disabled (kafka.enabled=false)"));
        }
        return parts;
    }

    private static Map<String, Object> modelInfo(LoadedModel m, ServingConfig c) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_name", m.name());
        info.put("model_version", m.version());
        info.put("bundle_directory", m.directory().toAbsolutePath().toString());
        info.put("loaded_at", m.loadedAt().toString());
        info.put("compiled", Map.of("trees", m.trees(), "nodes", m.nodes()));
        Map<String, Object> explainer = new LinkedHashMap<>();
        explainer.put("available", m.explainer() != null);
        explainer.put("method", m.classifier()
                ? "path-dependent TreeSHAP per class; contributions sum to probability - expected value within 1e-6"
                : "path-dependent TreeSHAP; contributions sum to price - expected_value within 1e-6");
        explainer.put("expected_value", m.explainer() == null ? null
                : m.classifier() ? m.explainer().expectedValues() : m.explainer().expectedValue());
        explainer.put("background_rows", m.explainer() == null ? 0 : m.explainer().backgroundSize());
        explainer.put("note", m.explainerNote());
        info.put("explainer", explainer);
        info.put("card", m.card());
        Map<String, Object> serving = new LinkedHashMap<>();
        serving.put("batch_policy", "all-or-nothing: one invalid row refuses the whole batch with every row's errors");
        serving.put("batch_body_max_bytes", c.batchBodyMaxBytes());
        serving.put("config", Settings.masked(configJson(c)).getMap());
        info.put("serving", serving);
        return info;
    }

    static JsonObject configJson(ServingConfig c) {
        return new JsonObject()
                .put("http.host", c.httpHost()).put("http.port", c.httpPort()).put("http.instances", c.httpInstances())
                .put("http.shutdown.grace.ms", c.shutdownGrace().toMillis())
                .put("http.idle.timeout.ms", c.idleTimeout().toMillis())
                .put("model.dir", c.modelDir().toString())
                .put("models", String.join(",", c.models())).put("default.model", c.defaultModel())
                .put("kafka.enabled", c.kafkaEnabled())
                .put("kafka.bootstrap.servers", c.bootstrapServers())
                .put("kafka.topic.predictions", c.predictionsTopic())
                .put("kafka.buffer.max.bytes", c.kafkaBufferMaxBytes())
                .put("kafka.degraded.after.ms", c.kafkaDegradedAfter().toMillis())
                .put("limits.body.max.bytes", c.bodyMaxBytes()).put("limits.batch.max.rows", c.batchMaxRows())
                .put("limits.in.flight.max", c.maxInFlight())
                .put("limits.request.timeout.ms", c.requestTimeout().toMillis())
                .put("admin.token", c.adminToken()).put("admin.token.file", c.adminTokenFile())
                .put("links.drift.url", c.driftUrl()).put("links.quality.url", c.qualityUrl())
                .put("links.timeout.ms", c.linksTimeout().toMillis());
    }

    private static Buffer resource(String name) {
        try (InputStream in = ServingApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int httpPort() {
        return port;
    }

    /** The HTTP routes' paths as declared ({@code /models/:name}), for the OpenAPI contract test. */
    List<String> routePaths() {
        return routePaths;
    }

    /** The service's Vert.x and registry (tests and the launcher read metrics from it). */
    public ServiceRuntime runtime() {
        return lifecycle.runtime();
    }

    /**
     * Stops accepting connections and lets in-flight requests finish (at most {@code http.shutdown.grace.ms}),
     * then flushes buffered events (at most 10 s), then closes Vert.x. {@code ServingMain} runs this on SIGTERM.
     */
    @Override
    public Future<Void> stop() {
        return lifecycle.stop();
    }

    /**
     * Flushes, then closes the producer, waiting at most {@code timeout} in all. The flush comes first so that
     * closing does not cut short the events of the last requests: when it completes, everything published so far
     * has been handed to the Kafka client by the publishing thread and acknowledged. The flush itself has no bound
     * (a broker outage), hence the timer, after which the producer is closed at once and what is left is counted
     * as failed.
     */
    private static Future<Void> flushAtMost(Vertx vertx, EventPublisher publisher, Duration timeout) {
        Promise<Void> done = Promise.promise();
        publisher.flush().transform(x -> publisher.close(Duration.ofSeconds(1))).onComplete(x -> done.tryComplete());
        vertx.setTimer(timeout.toMillis(), id -> {
            if (done.tryComplete()) {
                LOG.warn("stopping with {} events still unacknowledged after waiting {} for the broker",
                        publisher.bufferedEvents(), timeout);
                publisher.close(Duration.ZERO);
            }
        });
        return done.future();
    }
}
