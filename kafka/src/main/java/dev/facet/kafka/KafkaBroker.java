package dev.facet.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * One real single-node Kafka broker (KRaft, broker and controller in one process) running in a child JVM.
 *
 * <pre>{@code
 * try (KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(dir).withPort(0))) {
 *     broker.start();
 *     broker.createTopic(Topics.PREDICTIONS, Topics.DEFAULT_PARTITIONS);
 *     String bootstrap = broker.bootstrapServers();   // "127.0.0.1:PORT"
 * }
 * }</pre>
 *
 * <p>The first {@link #start()} formats the data folder with a random cluster id; later starts, also after
 * {@link #stop()} or {@link #kill()}, reuse the folder, the cluster id and the same two ports, so clients
 * reconnect to a broker with their data and committed offsets. Ports given as 0 are chosen once, when the
 * object is built.
 *
 * <p>The child JVM's classpath holds the Kafka server jars, Scala and log4j, which therefore never reach the
 * caller's classpath. The child stops by itself when this JVM ends, even by {@code kill -9} (it watches
 * its stdin pipe, see {@code BrokerProcessMain}), so it cannot hold its ports after a test run.
 *
 * <p>Methods are synchronized: one thread may stop the broker while others use it through their clients.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Loopback only: a dev and test broker must not be reachable from the network. */
    static final String HOST = "127.0.0.1";

    /** A controlled shutdown of a single node takes a few seconds; past this the process is killed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 40;
    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());

    private final BrokerOptions options;
    /** The running or last child process; null before the first start. Guarded by this. */
    private Process process;
    /** Open while the broker runs. Guarded by this. */
    private Admin admin;

    /**
     * Prepares a broker; nothing runs until {@link #start()}.
     *
     * @param options where and on which ports; ports given as 0 are chosen now, among free ones
     */
    public KafkaBroker(BrokerOptions options) {
        this.options = FreePorts.resolve(new BrokerOptions(
                options.dataDir().toAbsolutePath(), options.port(), options.controllerPort(),
                options.logFile().toAbsolutePath(), options.extraProperties(), options.startTimeout()));
    }

    /**
     * Starts the broker and returns once it answers a cluster description; does nothing if it runs.
     * Formats the data folder on first use.
     *
     * @throws IllegalStateException if a port is taken, the broker exits during start-up, or it does not
     *                               answer within the start timeout; the message ends with the broker log's
     *                               last lines
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        closeAdmin(Duration.ZERO);
        long startedAt = System.nanoTime();
        Instant deadline = Instant.now().plus(options.startTimeout());
        FreePorts.requireFree(options.port(), "broker port");
        FreePorts.requireFree(options.controllerPort(), "controller port");
        try {
            ChildJvm jvm = ChildJvm.prepare(options);
            Path config = options.dataDir().resolve("server.properties");
            ServerConfig.of(options).write(config);
            if (!isFormatted()) {
                format(jvm, config, deadline);
            }
            jvm.mark("starting the broker on " + bootstrapServers());
            process = jvm.start(BrokerProcessMain.class.getName(), config.toString());
            admin = awaitReady(deadline);
        } catch (IOException e) {
            destroyForcibly();
            throw new UncheckedIOException("cannot start the Kafka broker in " + options.dataDir(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyForcibly();
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        } catch (RuntimeException e) {
            destroyForcibly();
            throw e;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        LOG.log(Level.INFO, () -> "Kafka broker up at " + bootstrapServers() + " in " + millis + " ms (pid "
                + process.pid() + ", data " + options.dataDir() + ", log " + options.logFile() + ")");
    }

    /** The broker process's id (e.g. for its CPU time), or -1 before the first start. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * Stops the broker gracefully (SIGTERM, then a controlled shutdown) and waits for its process to end;
     * kills it if it takes over a minute. Keeps the data. Does nothing if it is not running.
     */
    public synchronized void stop() {
        closeAdmin(Duration.ofSeconds(5));
        if (process == null || !process.isAlive()) {
            return;
        }
        long stoppingAt = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "Kafka broker did not stop within " + STOP_TIMEOUT + "; killing it");
                destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyForcibly();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt);
        LOG.log(Level.INFO, () -> "Kafka broker at " + bootstrapServers() + " stopped in " + millis + " ms");
    }

    /**
     * Kills the broker process at once (SIGKILL), as a crash would: no controlled shutdown, no final flush.
     * Waits until the process is gone. Keeps the data.
     */
    public synchronized void kill() {
        closeAdmin(Duration.ZERO);
        destroyForcibly();
        LOG.log(Level.INFO, () -> "Kafka broker at " + bootstrapServers() + " killed");
    }

    /** @return whether the broker process is alive (it may still be starting or stopping) */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the address clients bootstrap from, {@code 127.0.0.1:PORT}; fixed for this object */
    public String bootstrapServers() {
        return HOST + ":" + options.port();
    }

    /** @return the options this broker runs with: absolute paths and the ports actually used */
    public BrokerOptions options() {
        return options;
    }

    /**
     * Creates a topic with replication factor 1 if it does not exist, and returns once the broker serves
     * all its partitions.
     *
     * @param name       topic name
     * @param partitions partition count, at least 1
     * @throws IllegalStateException if the broker is not running, or the topic exists with another
     *                               partition count (records are partitioned by key: a silent difference
     *                               would split a prediction from its actual)
     */
    public synchronized void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of topic " + name + " must be >= 1, got " + partitions);
        }
        if (admin == null || !isRunning()) {
            throw new IllegalStateException("cannot create topic " + name + ": the broker is not running");
        }
        try {
            await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(Topics.config(name)))).all());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        }
        int actual = awaitServed(name);
        if (actual != partitions) {
            throw new IllegalStateException("topic " + name + " exists with " + actual + " partitions, not the "
                    + partitions + " asked for; use " + actual + " or delete the data folder " + options.dataDir());
        }
    }

    /** Same as {@link #stop()}: stops the broker and keeps its data. */
    @Override
    public void close() {
        stop();
    }

    /** Blocks until the broker process ends, for {@link BrokerMain}. */
    int awaitExit() throws InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            throw new IllegalStateException("the broker was never started");
        }
        return current.waitFor();
    }

    private boolean isFormatted() {
        return Files.exists(ServerConfig.logDirs(options.dataDir()).resolve("meta.properties"));
    }

    /** Writes meta.properties and the bootstrap metadata, in a one-off JVM. */
    private void format(ChildJvm jvm, Path config, Instant deadline) throws IOException, InterruptedException {
        String clusterId = Uuid.randomUuid().toString();
        jvm.mark("formatting " + ServerConfig.logDirs(options.dataDir()) + " with cluster id " + clusterId);
        Process formatter = jvm.start("kafka.tools.StorageTool",
                "format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted");
        long millisLeft = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        if (!formatter.waitFor(millisLeft, TimeUnit.MILLISECONDS)) {
            formatter.destroyForcibly();
            throw failure("formatting the data folder took longer than " + options.startTimeout());
        }
        if (formatter.exitValue() != 0) {
            throw failure("formatting the data folder failed with exit code " + formatter.exitValue());
        }
    }

    /** Waits for the port to accept connections, then for a cluster description, which needs the broker registered. */
    private Admin awaitReady(Instant deadline) throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(HOST, options.port());
        // polling the port first keeps the admin client from logging a warning per refused connection
        while (!accepts(address)) {
            pause(deadline, "its port accepted connections",
                    "its port did not accept connections within " + options.startTimeout());
        }
        Admin readyAdmin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "facet-kafka-launcher",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
        try {
            while (true) {
                try {
                    if (!readyAdmin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get().isEmpty()) {
                        return readyAdmin;
                    }
                } catch (ExecutionException notYet) {
                    // the broker may accept connections before it has registered with its controller
                }
                pause(deadline, "it described its cluster",
                        "it did not describe its cluster within " + options.startTimeout());
            }
        } catch (RuntimeException | InterruptedException e) {
            readyAdmin.close(Duration.ZERO);
            throw e;
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * Waits one poll interval, watching the process meanwhile.
     *
     * @param awaited what is awaited, for the message if the broker exits first
     * @param late    the message if the deadline passes
     */
    private void pause(Instant deadline, String awaited, String late) throws InterruptedException {
        if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("the broker exited with code " + process.exitValue() + " before " + awaited);
        }
        if (Instant.now().isAfter(deadline)) {
            throw failure(late);
        }
    }

    /** Waits until the broker describes the topic with a leader for every partition; returns their count. */
    private int awaitServed(String topic) {
        Instant deadline = Instant.now().plus(ADMIN_TIMEOUT);
        while (true) {
            try {
                TopicDescription description = await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
                List<TopicPartitionInfo> partitions = description.partitions();
                if (partitions.stream().allMatch(partition -> partition.leader() != null)) {
                    return partitions.size();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
                }
            }
            try {
                pause(deadline, "it served topic " + topic,
                        "topic " + topic + " had no leader for some partition after " + ADMIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private void destroyForcibly() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAdmin(Duration timeout) {
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("Kafka broker at " + bootstrapServers() + ": " + what
                + ". Last lines of " + options.logFile() + ":\n" + BrokerLog.tail(options.logFile(), LOG_TAIL_LINES));
    }

}
