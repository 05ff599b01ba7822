package dev.facet.report;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.drift.http.DriftReport;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.InstanceShare;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.stats.WindowSample;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of a segment's evaluation and the progress bar, without a broker. */
class SamplesTest {

    private static final int EVENTS = 250;

    @Test
    void aSegmentJoinedFromManyChunksIsJudgedExactlyAsOneWindowOfAllItsEvents() throws Exception {
        BundleMetadata m = BundleMetadata.load(SmallPenguins.dir(), BundleMetadata.Checks.FILES_READ);
        Reference reference = Reference.of(m.name(), m.version(), m.schema(), m.stats());
        EventColumns columns = new EventColumns(reference);
        Row row = columns.newRow();
        StreamingEqualityTest.Penguins penguins = new StreamingEqualityTest.Penguins();
        Random random = new Random(7);
        Samples chunked = new Samples(reference, 7); // 35 full chunks and a partial one
        CountWindow whole = new CountWindow(EVENTS, reference);
        WindowSample one = null;
        for (int i = 0; i < EVENTS; i++) {
            ModelPredictionEvent e = penguins.event(i % 2 == 0 ? penguins.any(random) : penguins.gentoo(random),
                    random, Instant.ofEpochMilli(1_000_000L + i));
            assertThat(columns.read(e, row)).isTrue();
            chunked.add(row, i % 3, i);
            one = whole.add(row, i % 3, i).orElse(one);
        }
        assertThat(one).isNotNull();
        DriftEngine engine = new DriftEngine(reference, DataDriftPolicy.defaults());
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        WindowSample joined = chunked.sample("count");
        assertThat(joined.size()).isEqualTo(EVENTS);
        assertThat(joined.offsets()).containsOnlyKeys(0, 1, 2);
        assertThat(Json.MAPPER.writeValueAsString(DriftReport.evaluation(engine.evaluate(joined, now, InstanceShare.whole()))))
                .isEqualTo(Json.MAPPER.writeValueAsString(
                        DriftReport.evaluation(engine.evaluate(one, now, InstanceShare.whole()))));
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        StringWriter out = new StringWriter();
        Progress p = Progress.on(new PrintWriter(out), true).create("reading predictions", 200);
        p.advance(200);
        p.finish();
        assertThat(out.toString()).startsWith("\r[").endsWith("200 / 200 records (100%)\n")
                .contains("[" + "#".repeat(30) + "]");
    }

    @Test
    void elsewhereTheProgressIsPlainLines() {
        StringWriter out = new StringWriter();
        Progress p = Progress.on(new PrintWriter(out), false).create("reading predictions", 200);
        p.advance(50);
        p.finish();
        assertThat(out.toString()).isEqualTo("reading predictions: 50 / 200 records (25%)\n");
    }
}
