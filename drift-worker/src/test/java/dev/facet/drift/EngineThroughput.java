package dev.facet.drift;

import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;

import java.time.Instant;
import java.util.Random;

/**
 * Not a test: events/s through decode + count window + evaluation on one thread. Run with
 * {@code java -cp <test classpath> dev.facet.drift.EngineThroughput}; the README has the command and figure.
 */
public final class EngineThroughput {

    private EngineThroughput() {
    }

    public static void main(String[] args) throws Exception {
        TestTraffic traffic = TestTraffic.get();
        Random random = new Random(1);
        byte[][] encoded = new byte[10_000][];
        PredictionEvent[] events = new PredictionEvent[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            events[i] = traffic.event(traffic.draw(random), random, Instant.now());
            encoded[i] = EventCodec.encode(events[i]);
        }
        DriftEngine engine = new DriftEngine(traffic.reference(), DataDriftPolicy.defaults());
        EventColumns columns = traffic.columns();
        Row row = columns.newRow();
        for (int round = 0; round < 5; round++) {
            CountWindow window = new CountWindow(500, traffic.reference());
            long start = System.nanoTime();
            int n = 500_000;
            int verdicts = 0;
            for (int i = 0; i < n; i++) {
                columns.read(events[i % events.length], row);
                var w = window.add(row, 0, i);
                if (w.isPresent()) {
                    verdicts += engine.evaluate(w.get(), Instant.now()).datasetDrift() ? 1 : 0;
                }
            }
            double statsRate = n / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            int m = 200_000;
            for (int i = 0; i < m; i++) {
                ServedPrediction e = EventCodec.decodeServedPrediction(encoded[i % encoded.length]);
                columns.read(e, row);
                var w = window.add(row, 0, i);
                if (w.isPresent()) {
                    verdicts += engine.evaluate(w.get(), Instant.now()).datasetDrift() ? 1 : 0;
                }
            }
            double fullRate = m / ((System.nanoTime() - start) / 1e9);
            System.out.printf("round %d: windows+statistics %.0f events/s; decode+windows+statistics %.0f events/s (%d flags)%n",
                    round, statsRate, fullRate, verdicts);
        }
    }
}
