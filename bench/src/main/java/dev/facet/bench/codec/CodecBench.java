package dev.facet.bench.codec;

import dev.facet.bench.BenchRows;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventCodecBaseline;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondReader;
import dev.facet.service.http.JsonBodies;
import dev.facet.serving.prediction.Rows;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The two JSON readers on the hot paths against the general paths they fall back to, on 1,000 held-out rows
 * cycled: a {@code /predict} body (streaming {@link DiamondReader} vs Vert.x's {@code JsonObject} and the
 * validator, as {@code Rows} does both) and a prediction event (streaming vs the JSON-tree decoder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBench {

    static final int ROWS = 1_000;

    /** A bundle directory or a bundles root, relative to the working directory. */
    @Param("models")
    public String models;

    private byte[][] bodies;
    private Buffer[] buffers;
    private byte[][] events;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        List<Diamond> rows = BenchRows.heldOut(Path.of(models)).stream().limit(ROWS).map(r -> r.diamond()).toList();
        bodies = new byte[rows.size()][];
        buffers = new Buffer[rows.size()];
        events = new byte[rows.size()][];
        Instant at = Instant.parse("2026-11-24T07:00:00.123Z");
        for (int i = 0; i < rows.size(); i++) {
            Diamond d = rows.get(i);
            bodies[i] = Json.MAPPER.writeValueAsBytes(d); // what a client sends
            buffers[i] = Buffer.buffer(bodies[i]);
            PredictionEvent e = PredictionEvent.of(new UUID(i, 42).toString(), at, "diamond-price-rf", "1", d,
                    1000 + i * 0.37);
            events[i] = EventCodec.encode(e);
            // both sides must take their full path and agree, or the comparison means nothing
            if (!d.equals(DiamondReader.read(bodies[i])) || !d.equals(Rows.one(JsonBodies.decode(buffers[i])))) {
                throw new IllegalStateException("the body readers disagree on row " + i + ": " + d);
            }
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == bodies.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Diamond bodyGeneral() {
        return Rows.one(JsonBodies.decode(buffers[nextIndex()]));
    }

    @Benchmark
    public Diamond bodyStreaming() {
        return DiamondReader.read(bodies[nextIndex()]);
    }

    @Benchmark
    public PredictionEvent eventGeneral() throws EventFormatException {
        return EventCodecBaseline.decodeWithTree(events[nextIndex()]);
    }

    @Benchmark
    public PredictionEvent eventStreaming() throws EventFormatException {
        return EventCodec.decodePrediction(events[nextIndex()]);
    }
}
