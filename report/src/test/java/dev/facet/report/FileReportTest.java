package dev.facet.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureResult;
import dev.facet.trainer.testing.SmallModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code report --current batch.csv}: a CSV batch against the small diamonds model's training reference. */
class FileReportTest {

    private static final int ROWS = 500;
    private final ModelSchema schema = BundleMetadata.load(SmallModel.dir(), BundleMetadata.Checks.FILES_READ).schema();
    private final DataDriftPolicy policy = DataDriftPolicy.defaults();

    @TempDir
    Path dir;

    @Test
    void aCleanBatchOfHeldOutRowsDoesNotDrift() throws Exception {
        Path csv = write("clean.csv", schema.names(), d -> d);
        FileEvaluation.Result r = FileEvaluation.evaluate(csv, reference(), policy);
        Evaluation e = r.segment().evaluation();
        assertThat(r.segment().name()).isEqualTo("file");
        assertThat(e.size()).isEqualTo(ROWS);
        assertThat(e.verdict()).isTrue();
        assertThat(e.features()).extracting(FeatureResult::feature).containsExactlyInAnyOrderElementsOf(
                schema.names()); // the features only: a file has no predictions
        assertThat(e.features()).noneMatch(FeatureResult::drifted);
        assertThat(e.datasetDrift()).isFalse();
        assertThat(r.ignoredColumns()).containsExactly("id", "price");
    }

    @Test
    void aBatchWithHeavierStonesDriftsAndNamesCarat() throws Exception {
        Path csv = write("heavy.csv", schema.names(), d -> d.equals("carat") ? "1.5" : null);
        Evaluation e = FileEvaluation.evaluate(csv, reference(), policy).segment().evaluation();
        assertThat(e.datasetDrift()).isTrue();
        assertThat(e.features()).filteredOn(FeatureResult::drifted).extracting(FeatureResult::feature)
                .contains("carat").doesNotContain("depth", "table", "cut", "color", "clarity");
    }

    @Test
    void aBatchWithoutAColumnTheSchemaNeedsIsRefusedNamingIt() throws Exception {
        List<String> columns = new ArrayList<>(schema.names());
        columns.remove("depth");
        Path csv = write("no-depth.csv", columns, d -> d);
        assertThatThrownBy(() -> FileEvaluation.evaluate(csv, reference(), policy))
                .isInstanceOf(ReportException.class).hasMessageContaining("column 'depth' is missing");
    }

    @Test
    void aValueTheSchemaForbidsIsRefusedNamingTheColumnAndTheLine() throws Exception {
        Path csv = write("bad.csv", schema.names(), d -> d);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        int carat = List.of(lines.get(0).split(",")).indexOf("carat");
        String[] cells = lines.get(3).split(",");
        cells[carat] = "heavy";
        lines.set(3, String.join(",", cells));
        Files.write(csv, lines);
        assertThatThrownBy(() -> FileEvaluation.evaluate(csv, reference(), policy))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("line 4, column 'carat': must be a number, got 'heavy'");
    }

    @Test
    void theCommandWritesTheDocumentAndThePageOfAFile() throws Exception {
        Path csv = write("heavy.csv", schema.names(), d -> d.equals("carat") ? "1.5" : null);
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        Run run = run("--model", SmallModel.NAME, "--models", SmallModel.root().toString(), "--current",
                csv.toString(), "--json", json.toString(), "--out", html.toString());
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).contains("file  " + ROWS + " events  DRIFT  drifted: carat");
        assertThat(run.err).contains("ignoring columns the schema does not know: [id, price]");
        JsonNode doc = Json.MAPPER.readTree(json.toFile());
        assertThat(doc.get("report_version").asInt()).isEqualTo(1);
        assertThat(doc.at("/source/kind").asText()).isEqualTo("file");
        assertThat(doc.at("/model/name").asText()).isEqualTo(SmallModel.NAME);
        assertThat(doc.at("/model/task").asText()).isEqualTo("regression");
        assertThat(doc.at("/model/target").asText()).isEqualTo("price");
        assertThat(doc.at("/period/from").isNull()).isTrue();
        assertThat(doc.at("/policy/alpha").asDouble()).isEqualTo(policy.alpha());
        assertThat(doc.get("segments")).hasSize(1);
        assertThat(doc.at("/segments/0/name").asText()).isEqualTo("file");
        assertThat(doc.at("/segments/0/evaluation/features/carat/drifted").asBoolean()).isTrue();
        assertThat(doc.at("/segments/0/evaluation/features").has("prediction")).isFalse();
        assertThat(doc.at("/segments/0/quality").isNull()).isTrue();
        assertThat(doc.get("history").isNull()).isTrue();
        assertThat(Files.readString(html)).contains("id=\"report-data\"");
    }

    @Test
    void theCommandRefusesAFileWithoutAColumnInOneLineNamingIt() throws Exception {
        List<String> columns = new ArrayList<>(schema.names());
        columns.remove("clarity");
        Path csv = write("no-clarity.csv", columns, d -> d);
        Run run = run("--model", SmallModel.NAME, "--models", SmallModel.root().toString(), "--current", csv.toString());
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).doesNotContain("\n").startsWith("report: ").contains("column 'clarity' is missing");
    }

    @Test
    void anUnknownModelIsRefusedListingTheKnownOnes() throws Exception {
        Path csv = write("clean.csv", schema.names(), d -> d);
        Run run = run("--model", "no-such-model", "--models", SmallModel.root().toString(), "--current", csv.toString());
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).doesNotContain("\n")
                .contains("unknown model 'no-such-model'").contains("known models: " + SmallModel.NAME);
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefused() {
        Run run = run("--model", SmallModel.NAME, "--models", SmallModel.root().toString(),
                "--from", "2026-12-03T10:00:00Z", "--to", "2026-12-03T09:00:00Z");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("--from (2026-12-03T10:00:00Z) must be before --to (2026-12-03T09:00:00Z)");
    }

    @Test
    void anUnreachableBrokerIsAnErrorWithinTheTimeoutNotAHang() {
        Run run = run("--model", SmallModel.NAME, "--models", SmallModel.root().toString(), "--from", "-1h",
                "--to", "now", "--bootstrap", "127.0.0.1:1", "--timeout", "2s");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).doesNotContain("\n")
                .contains("the Kafka broker at 127.0.0.1:1 did not answer within 2 s");
    }

    @Test
    void aBrokerAddressThatDoesNotResolveIsAnErrorNamingIt() {
        Run run = run("--model", SmallModel.NAME, "--models", SmallModel.root().toString(), "--from", "-1h",
                "--to", "now", "--bootstrap", "no-such-host.invalid:9092", "--timeout", "2s");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).doesNotContain("\n").startsWith("report: cannot connect to --bootstrap "
                + "no-such-host.invalid:9092");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReportCommand.commandLine(new ReportCommand(DataDriftPolicy.defaults(), StreamingEqualityTest.qualitySettings()))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private dev.facet.drift.stats.Reference reference() {
        return new ModelRepository(SmallModel.root()).require(SmallModel.NAME, SmallModel.VERSION);
    }

    /**
     * {@code ROWS} random held-out rows with {@code columns} of the schema, plus an id and the price the schema does not
     * know; {@code factor} gives a numeric feature's multiplier ({@code null} or the name itself: unchanged).
     */
    private Path write(String name, List<String> columns, Function<String, String> factor) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("id," + String.join(",", columns) + ",price");
        // a seeded random sample: the data file is sorted by price, so its first rows are no fair batch
        List<LabelledDiamond> rows = new ArrayList<>(SmallModel.heldOut());
        Collections.shuffle(rows, new Random(22));
        rows = rows.subList(0, ROWS);
        for (LabelledDiamond row : rows) {
            StringBuilder line = new StringBuilder(Integer.toString(row.row()));
            for (String c : columns) {
                Feature f = schema.feature(c).orElseThrow();
                line.append(',');
                if (f.isNumeric()) {
                    String k = factor.apply(c);
                    double times = k == null || k.equals(c) ? 1 : Double.parseDouble(k);
                    line.append(String.format(Locale.ROOT, "%s", row.diamond().numeric(c) * times));
                } else {
                    line.append(row.diamond().category(c));
                }
            }
            line.append(',').append(row.price());
            lines.add(line.toString());
        }
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }
}
