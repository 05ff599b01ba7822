package dev.facet.stacktests;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/entrypoint.sh, run with this JVM's {@code java} on a one-class application in a jar (no Docker engine
 * here): the first start records an AppCDS archive, the next one loads the application's class from it, and an
 * archive cut short, or recorded for other jars (a rebuilt image on the same volume), is replaced instead of being
 * trusted or failing the start.
 */
class EntrypointScriptTest {

    @TempDir
    Path dir;
    private Path lib;
    private Path archive;

    @BeforeEach
    void buildApplicationJar() throws IOException {
        Path src = dir.resolve("src/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Hello { public static void main(String[] a) {"
                + " System.out.println(\"hello \" + String.join(\"|\", a)); } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(javac.run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
        lib = Files.createDirectories(dir.resolve("lib"));
        writeJar(Map.of("Hello.class", Files.readAllBytes(classes.resolve("Hello.class"))));
        archive = dir.resolve("cds/classes.jsa");
        Files.createDirectories(archive.getParent());
    }

    /** (Re)writes the application's one jar with these entries. */
    private void writeJar(Map<String, byte[]> entries) throws IOException {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve("hello.jar")))) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
    }

    @Test
    void recordsAnArchiveOnTheFirstStartAndLoadsFromItOnTheNext() throws Exception {
        String first = start();
        assertThat(first).contains("hello a,b|c").contains("Hello source: file:");
        assertThat(archive).isRegularFile();
        assertThat(Files.size(archive)).isPositive();

        assertThat(start()).contains("hello a,b|c").contains("Hello source: shared objects file");
    }

    @Test
    void anArchiveCutShortIsRecordedAnewNotTrusted() throws Exception {
        start();
        long size = Files.size(archive);
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2); // a kill during the dump at exit
        }

        assertThat(start()).contains("hello a,b|c").contains("Hello source: file:");
        assertThat(Files.size(archive)).isGreaterThan(size / 2);
        assertThat(start()).contains("Hello source: shared objects file");
    }

    @Test
    void anArchiveRecordedForOtherJarsIsRecordedAnewNotTrusted() throws Exception {
        // what a rebuilt image meets on the service's archive volume: the same path, jars of another build
        start();
        assertThat(start()).contains("Hello source: shared objects file");
        writeJar(Map.of("Hello.class", Files.readAllBytes(dir.resolve("classes/Hello.class")),
                "build.txt", "another build".getBytes(StandardCharsets.UTF_8)));

        assertThat(start()).contains("hello a,b|c").contains("Hello source: file:");
        assertThat(start()).contains("Hello source: shared objects file");
    }

    @Test
    void theImageRunsThisScriptAsItsEntrypoint() throws Exception {
        Path script = Repo.path("docker/entrypoint.sh");
        assertThat(Files.isExecutable(script)).as("executable in git, as COPY keeps the mode").isTrue();
        String dockerfile = Files.readString(Repo.path("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY --chmod=755 docker/entrypoint.sh /app/entrypoint.sh")
                .containsPattern("(?m)^ENTRYPOINT \\[\"/app/entrypoint.sh\"]$");
    }

    @Test
    void theTrainerStepTrainsEachDefaultModelOnceIntoTheRepository() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path calls = dir.resolve("calls");

        String first = trainModels(models, calls);
        assertThat(Files.readAllLines(calls)).containsExactly(
                "--out " + models + "/diamond-price-rf/1",
                "--models " + models + " --data penguins --target species --task classification --name penguins");
        assertThat(models.resolve("diamond-price-rf/1/bundle.json")).isRegularFile();
        assertThat(models.resolve("penguins/1/bundle.json")).isRegularFile();
        assertThat(first).doesNotContain("older");

        assertThat(trainModels(models, calls)).contains("nothing to train");
        assertThat(Files.readAllLines(calls)).as("a second start trains nothing").hasSize(2);
    }

    @Test
    void theTrainerStepTrainsOnlyTheModelTheRepositoryLacks() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("penguins/3"));
        Files.writeString(models.resolve("penguins/3/bundle.json"), "{}");
        Path calls = dir.resolve("calls");

        trainModels(models, calls);
        assertThat(Files.readAllLines(calls)).containsExactly("--out " + models + "/diamond-price-rf/1");
    }

    @Test
    void theTrainerStepLeavesAnOlderLayoutAsItIsAndSaysHowToMoveIt() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("1"));
        Files.writeString(models.resolve("1/bundle.json"), "{}");
        Path calls = dir.resolve("calls");

        String out = trainModels(models, calls);
        assertThat(calls).as("nothing trained").doesNotExist();
        assertThat(out).contains("older one-model layout")
                .contains("mv " + models + "/1 " + models + "/diamond-price-rf/1");
        try (var entries = Files.list(models)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("1");
        }
    }

    @Test
    void theTrainerImageRunsTheTrainModelsScript() throws Exception {
        Path script = Repo.path("docker/train-models.sh");
        assertThat(Files.isExecutable(script)).as("executable in git, as COPY keeps the mode").isTrue();
        assertThat(Files.readString(Repo.path("docker/Dockerfile")))
                .contains("COPY --chmod=755 docker/train-models.sh /app/train-models.sh");
    }

    /**
     * Runs docker/train-models.sh on {@code models} with a stand-in for the trainer that appends its arguments to
     * {@code calls} and writes the manifest where the real one would write the bundle; returns the script's output.
     */
    private String trainModels(Path models, Path calls) throws Exception {
        Path fake = dir.resolve("fake-train.sh");
        Files.writeString(fake, """
                #!/bin/sh
                echo "$*" >> "$CALLS"
                out=""; name=""; root=""
                while [ $# -gt 0 ]; do
                  case "$1" in
                    --out) out="$2"; shift ;;
                    --name) name="$2"; shift ;;
                    --models) root="$2"; shift ;;
                  esac
                  shift
                done
                [ -n "$out" ] || out="$root/$name/1"
                mkdir -p "$out" && echo '{}' > "$out/bundle.json"
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("sh", Repo.path("docker/train-models.sh").toString())
                .redirectErrorStream(true);
        pb.environment().put("FACET_MODELS", models.toString());
        pb.environment().put("FACET_TRAIN", fake.toString());
        pb.environment().put("CALLS", calls.toString());
        Process p = pb.start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Runs the script with arguments {@code "a,b" "c"} (the quoting must survive) and returns its output. */
    private String start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", Repo.path("docker/entrypoint.sh").toString(), "a,b", "c")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("MAIN", "Hello");
        env.put("FACET_LIB", lib.toString());
        env.put("FACET_CDS_ARCHIVE", archive.toString());
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.get("PATH"));
        // says where each class came from: a jar ("source: file:...") or the archive ("shared objects file")
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info");
        Process p = pb.start();
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
