package dev.facet.bench.http;

import dev.facet.bench.BenchRows;
import dev.facet.bench.CpuBudget;
import dev.facet.bench.Machine;
import dev.facet.bench.Scrape;
import dev.facet.kafka.BrokerOptions;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.Topics;
import dev.facet.bench.ServiceProcess;
import java.util.HashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP benchmark in one command. In this JVM: a real Kafka broker (child JVM from facet-kafka), serving
 * through {@link ServingApp} with Kafka publishing on (its defaults: two HTTP verticles), and the bare
 * ceiling route ({@link BareServer}, also two verticles). Then, in order:
 * <ol>
 *   <li>wrk warm-up of each target (JIT; 45 s, logged in 5 s slices), then saturation: wrk, closed
 *       loop, on serving's {@code /predict}, the
 *       bare {@code /predict} and serving's {@code /predict/batch} (1,000-row bodies);</li>
 *   <li>latency at fixed fractions of serving's saturation rate with {@link ConstantRateMain} in a child
 *       JVM (open loop, measured from the scheduled send time);</li>
 *   <li>checks that the predictions really reached Kafka (serving's {@code kafka_publish_events_total}).</li>
 * </ol>
 * Prints a Markdown table for BENCHMARKS.md. Load generators share the 2 cores with the server: the figures
 * are for the whole box, client included.
 */
@Command(name = "http-bench", mixinStandardHelpOptions = true, description = "wrk + constant-rate benchmark of serving against a bare Vert.x route")
public final class HttpBench implements Callable<Integer> {

    @Option(names = "--models", defaultValue = "models")
    Path models;

    @Option(names = "--seconds", defaultValue = "20", description = "length of each saturation run")
    int seconds;

    // serving's JIT settles slowly on 2 shared cores (throughput kept rising for about 40 s; BENCHMARKS.md), so a
    // short warm-up measures it half-compiled. A rule that stops once throughput stops rising stopped early on a
    // noisy slice, so the warm-up is fixed and long, and logged
    @Option(names = "--warmup-seconds", defaultValue = "45", description = "wrk warm-up of each target, in 5 s slices")
    int warmupSeconds;

    @Option(names = "--threads", defaultValue = "2", description = "wrk threads")
    int threads;

    @Option(names = "--connections", defaultValue = "64", description = "wrk connections for single rows")
    int connections;

    @Option(names = "--batch-connections", defaultValue = "4", description = "wrk connections for 1,000-row batches")
    int batchConnections;

    // 30 s, so the generator's unmeasured warm-up (a third, at most 10 s) is 10 s: at 6 s its C2 compiler still
    // took a fifth of the box in the measured window
    @Option(names = "--rate-seconds", defaultValue = "30", description = "length of each constant-rate run")
    int rateSeconds;

    // 10%: on 2 shared cores open-loop traffic costs client and server several times the CPU per request of
    // wrk's closed loop at saturation (a wake-up per request), so 50% already fills the box
    @Option(names = "--fractions", defaultValue = "10,25,50", split = ",", description = "percent of saturation")
    List<Integer> fractions;

    @Option(names = "--jvm-opts", defaultValue = ServiceProcess.SERVING_CONTAINER_JVM_OPTS,
            description = "JVM options of serving and the bare server, space separated (default: ${DEFAULT-VALUE})")
    String jvmOpts;

    @Option(names = "--rows-file", defaultValue = "bench/target/wrk-rows.lua")
    Path rowsFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HttpBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("facet-bench-http");
        Path bundle = BenchRows.bundle(models);
        LuaRows.write(BenchRows.heldOut(models), rowsFile);
        Map<String, String> env = Map.of("FACET_WRK_ROWS", rowsFile.toString());
        Path single = Path.of("bench/wrk/predict.lua");
        Path batch = Path.of("bench/wrk/batch.lua");

        KafkaBroker broker = new KafkaBroker(BrokerOptions.inDirectory(work.resolve("kafka")).withPort(0)
                .withControllerPort(0).withLogFile(work.resolve("kafka.log")));
        ServiceProcess serving = null;
        ServiceProcess bare = null;
        try {
            broker.start();
            Topics.all().forEach(broker::createTopic);
            // each in its own JVM, as deployed: no heap, JIT or GC shared with the harness or each other
            serving = ServiceProcess.start("serving", "dev.facet.serving.ServingMain", "SERVING_", Map.of(
                    "SERVING_MODEL_DIR", (BenchRows.isRepository(models) ? models : bundle).toAbsolutePath().toString(),
                    "SERVING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), jvmOpts, work.resolve("serving.log"));
            bare = ServiceProcess.start("bare", BareServer.class.getName(), "BARE_", Map.of(), jvmOpts,
                    work.resolve("bare.log"));
            String servingUrl = serving.url();
            String bareUrl = bare.url();
            log("serving " + servingUrl + " (Kafka " + broker.bootstrapServers() + "), bare " + bareUrl
                    + ", JVM options: " + (jvmOpts.isBlank() ? "none" : jvmOpts));

            Duration run = Duration.ofSeconds(seconds);
            warmUp("serving /predict", servingUrl + "/predict", single, env, connections);
            warmUp("bare /predict", bareUrl + "/predict", single, env, connections);
            warmUp("serving /predict/batch", servingUrl + "/predict/batch", batch, env, batchConnections);

            double loadBefore = Machine.load();
            // where the cores go in each saturation run (the target, the broker, wrk, the machine): the ratio is decided there
            CpuBudget cpu = CpuBudget.start(serving.process().pid(), broker.pid());
            Wrk.Result predict = Wrk.run(servingUrl + "/predict", single, env, threads, connections, run);
            CpuBudget.Spent predictCpu = cpu.stop();
            log(String.format(Locale.ROOT, "serving /predict: %.0f req/s (%s)", predict.requestsPerSecond(), Machine.loadText()));
            cpu = CpuBudget.start(bare.process().pid(), broker.pid());
            Wrk.Result ceiling = Wrk.run(bareUrl + "/predict", single, env, threads, connections, run);
            CpuBudget.Spent ceilingCpu = cpu.stop();
            log(String.format(Locale.ROOT, "bare /predict: %.0f req/s (%s)", ceiling.requestsPerSecond(), Machine.loadText()));
            cpu = CpuBudget.start(serving.process().pid(), broker.pid());
            Wrk.Result batched = Wrk.run(servingUrl + "/predict/batch", batch, env, threads, batchConnections, run);
            CpuBudget.Spent batchCpu = cpu.stop();
            log(String.format(Locale.ROOT, "serving /predict/batch: %.0f rows/s (%s)", batched.requestsPerSecond() * 1000, Machine.loadText()));

            List<String> rateLines = new ArrayList<>();
            for (int f : fractions) {
                double rate = Math.floor(predict.requestsPerSecond() * f / 100.0);
                String line;
                try {
                    line = constantRate(servingUrl + "/predict", rate);
                } catch (IllegalStateException e) {
                    // the generator shares the 2 cores: above some rate it falls behind and fails; say so, go on
                    log(f + "% of saturation: " + e.getMessage());
                    line = String.format(Locale.ROOT, "offered=%.0f achieved=generator-failed", rate);
                }
                rateLines.add(f + "|" + line + "|" + Machine.loadText());
                log(f + "% of saturation: " + line);
            }

            String metrics = Scrape.get(servingUrl + "/metrics");
            double sent = Scrape.sum(metrics, "kafka_publish_events_total\\{[^}]*outcome=\"sent\"[^}]*\\}");
            double dropped = Scrape.sum(metrics, "kafka_publish_events_total\\{[^}]*outcome=\"(dropped|failed)\"[^}]*\\}");

            System.out.println();
            System.out.printf(Locale.ROOT, "load average before the saturation runs: %.2f; JVM options of serving and "
                    + "the bare server: %s; serving RSS at the end: %.0f MiB%n%n", loadBefore,
                    jvmOpts.isBlank() ? "none" : jvmOpts, serving.rssMiB());
            System.out.println("| run | wrk -t" + threads + " | throughput | p50 | p99 | non-2xx | socket errors |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|");
            row("serving `/predict` (Kafka on)", "-c" + connections, predict, "req/s", 1);
            row("bare Vert.x `/predict` (ceiling)", "-c" + connections, ceiling, "req/s", 1);
            row("serving `/predict/batch`, 1,000 rows", "-c" + batchConnections, batched, "rows/s", 1000);
            System.out.printf(Locale.ROOT, "%nserving / ceiling: %.0f%%%n", 100 * predict.requestsPerSecond() / ceiling.requestsPerSecond());
            System.out.println();
            System.out.println("Where the machine's " + Runtime.getRuntime().availableProcessors() + " cores went "
                    + "during each run, in µs of CPU a request (a row for batches); user + kernel for processes, the "
                    + "whole machine's busy, idle and stolen (hypervisor) time:");
            System.out.println();
            System.out.println("| run | process under test | Kafka broker | wrk | machine busy | idle | stolen |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            System.out.println("| serving `/predict` | " + predictCpu.cells(predict.requests()) + " |");
            System.out.println("| bare `/predict` | " + ceilingCpu.cells(ceiling.requests()) + " |");
            System.out.println("| serving `/predict/batch`, a row | " + batchCpu.cells(batched.requests() * 1000) + " |");
            System.out.println();
            System.out.printf(Locale.ROOT, "events published to Kafka during the whole run: %.0f sent, %.0f dropped or failed%n%n", sent, dropped);
            System.out.println("| offered (share of saturation) | achieved | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | non-2xx | errors | load |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            for (String l : rateLines) {
                String[] parts = l.split("\\|");
                Map<String, String> kv = new HashMap<>(ConstantRateResult.parse(parts[1]));
                for (String k : List.of("p50", "p90", "p99", "p999", "max", "non2xx", "errors")) {
                    kv.putIfAbsent(k, "-");
                }
                System.out.printf(Locale.ROOT, "| %s req/s (%s%%) | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        kv.get("offered"), parts[0], kv.get("achieved"), kv.get("p50"), kv.get("p90"), kv.get("p99"),
                        kv.get("p999"), kv.get("max"), kv.get("non2xx"), kv.get("errors"), parts[2]);
            }
            return 0;
        } finally {
            if (serving != null) {
                serving.close();
            }
            if (bare != null) {
                bare.close();
            }
            broker.stop();
        }
    }

    /** wrk for {@code --warmup-seconds} in 5 s slices, whose rates are logged: the JIT's progress, visibly. */
    private void warmUp(String what, String url, Path script, Map<String, String> env, int conns) throws Exception {
        List<String> rates = new ArrayList<>();
        for (int done = 0; done < warmupSeconds; done += 5) {
            Duration slice = Duration.ofSeconds(Math.min(5, warmupSeconds - done));
            rates.add(String.format(Locale.ROOT, "%.0f", Wrk.run(url, script, env, threads, conns, slice).requestsPerSecond()));
        }
        log("warm-up " + what + ": " + String.join(", ", rates) + " req/s in 5 s slices");
    }

    private static void row(String what, String conns, Wrk.Result r, String unit, int rowsPerRequest) {
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f %s | %.2f ms | %.2f ms | %d | %d |%n", what, conns,
                r.requestsPerSecond() * rowsPerRequest, unit, r.p50Ms(), r.p99Ms(), r.non2xx(), r.socketErrors());
    }

    private String constantRate(String url, double rate) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Open loop charges the generator's own GC pauses to the server; OpenLoopClient allocates nothing per
        // request, and a pre-touched heap keeps page faults out of its first seconds too.
        Process p = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"),
                ConstantRateMain.class.getName(), url, Double.toString(rate), Integer.toString(rateSeconds),
                models.toString()).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder all = new StringBuilder();
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                }
            }
            if (!p.waitFor(rateSeconds + 90L, TimeUnit.SECONDS) || result == null) {
                throw new IllegalStateException("constant-rate run failed:\n" + all);
            }
        }
        return result;
    }

    private static void log(String s) {
        System.err.println("http-bench: " + s);
    }
}
