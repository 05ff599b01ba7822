package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the official Compose-spec JSON Schema (no Docker engine here), plus the
 * invariants the issue asks for that a schema cannot express.
 */
class ComposeFileTest {

    private static final String SCHEMA = "/compose-spec/compose-spec.json";
    /** From compose-spec/PROVENANCE.md: an edited schema must be noticed. */
    private static final String SCHEMA_SHA256 = "e82b395a9ac423febdba22c159b85d51d972706aea67d64799672a6ae3e56f47";

    private static Map<String, Object> compose() throws Exception {
        return Yaml.load(Repo.path("docker-compose.yml"));
    }

    private static Map<String, Object> services() throws Exception {
        return Yaml.map(compose().get("services"));
    }

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecSchema() throws Exception {
        byte[] schemaBytes;
        try (InputStream in = ComposeFileTest.class.getResourceAsStream(SCHEMA)) {
            schemaBytes = in.readAllBytes();
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(schemaBytes)))
                .as("sha256 of the vendored schema (see PROVENANCE.md)").isEqualTo(SCHEMA_SHA256);
        // the schema still carries draft-04 style "id" annotations (fragment-only, no base-URI change):
        // declare the keyword as non-validating rather than edit the vendored file
        JsonMetaSchema draft201909 = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                .keyword(new NonValidationKeyword("id")).build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909, b -> b.metaSchema(draft201909))
                .getSchema(new ByteArrayInputStream(schemaBytes));
        // SnakeYAML resolves the anchors and `<<` merge keys first, as Compose does
        JsonNode doc = new ObjectMapper().valueToTree(compose());
        Set<ValidationMessage> errors = schema.validate(doc);
        assertThat(errors).as("Compose-spec violations").isEmpty();

        // and the validator does catch a mistake (so an empty result above means something)
        Map<String, Object> broken = new LinkedHashMap<>(compose());
        Map<String, Object> svc = new LinkedHashMap<>(services());
        Map<String, Object> serving = new LinkedHashMap<>(Yaml.map(svc.get("serving")));
        serving.put("healthcheck", Map.of("interval", "10s", "retires", 3));
        svc.put("serving", serving);
        broken.put("services", svc);
        assertThat(schema.validate(new ObjectMapper().valueToTree(broken))).isNotEmpty();
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() throws Exception {
        String dockerfile = Files.readString(Repo.path("docker/Dockerfile"));
        for (Map.Entry<String, Object> e : services().entrySet()) {
            Map<String, Object> s = Yaml.map(e.getValue());
            if ("no".equals(s.get("restart"))) {
                continue; // one-shot jobs: kafka-init, trainer, the simulators
            }
            Map<String, Object> hc = Yaml.map(s.get("healthcheck"));
            assertThat(hc.get("disable")).as(e.getKey() + " health check disabled").isNotEqualTo(true);
            boolean fromImage = s.containsKey("build") && dockerfile.contains("HEALTHCHECK ");
            assertThat(hc.containsKey("test") || fromImage).as(e.getKey() + " has a health check").isTrue();
        }
    }

    @Test
    void dependenciesUseConditionsOnServicesThatCanMeetThem() throws Exception {
        Map<String, Object> services = services();
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Object deps = Yaml.map(e.getValue()).get("depends_on");
            if (deps == null) {
                continue;
            }
            assertThat(deps).as(e.getKey() + ": long depends_on syntax with conditions").isInstanceOf(Map.class);
            for (Map.Entry<String, Object> d : Yaml.map(deps).entrySet()) {
                assertThat(services).as(e.getKey() + " depends on a service that exists").containsKey(d.getKey());
                Map<String, Object> target = Yaml.map(services.get(d.getKey()));
                String condition = (String) Yaml.map(d.getValue()).get("condition");
                switch (condition) {
                    case "service_healthy" -> assertThat(Yaml.map(target.get("healthcheck")).get("disable"))
                            .as(d.getKey() + " must have a health check").isNotEqualTo(true);
                    case "service_completed_successfully" -> assertThat(target.get("restart"))
                            .as(d.getKey() + " must be a one-shot job").isEqualTo("no");
                    default -> throw new AssertionError(e.getKey() + " -> " + d.getKey() + ": condition " + condition
                            + " (use service_healthy or service_completed_successfully)");
                }
            }
        }
        assertThat(Yaml.map(Yaml.map(services.get("serving")).get("depends_on"))).containsKeys("kafka-init", "trainer");
    }

    @Test
    void theStackHasKafkaInKraftModeAndTheMonitoringServices() throws Exception {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("kafka", "serving", "drift-worker", "ground-truth", "prometheus",
                "alertmanager", "grafana", "simulator");
        Map<String, Object> kafka = Yaml.map(services.get("kafka"));
        assertThat((String) kafka.get("image")).startsWith("apache/kafka:");
        assertThat(Yaml.map(kafka.get("environment"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(Yaml.list(Yaml.map(services.get("simulator")).get("profiles"))).containsExactly("traffic");
        List<String> promVolumes = Yaml.list(Yaml.map(services.get("prometheus")).get("volumes")).stream()
                .map(String::valueOf).toList();
        assertThat(promVolumes).anyMatch(v -> v.startsWith("./prometheus/prometheus.yml:"))
                .anyMatch(v -> v.startsWith("./prometheus/rules:"));
        for (String v : promVolumes) {
            if (v.startsWith("./")) {
                assertThat(Repo.path(v.substring(2, v.indexOf(':')))).as("mounted file exists").exists();
            }
        }
    }

    @Test
    void theTrainerFillsTheRepositoryVolumeWhoseRootEveryServiceReads() throws Exception {
        Map<String, Object> services = services();
        Map<String, Object> trainer = Yaml.map(services.get("trainer"));
        assertThat(Yaml.list(trainer.get("entrypoint"))).containsExactly("/app/train-models.sh");
        String volume = namedVolumeMounts(trainer).entrySet().stream().filter(m -> m.getValue().equals("/models"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, String> modelDirs = Map.of("serving", "SERVING_MODEL_DIR", "drift-worker",
                "DRIFT_WORKER_MODEL_DIR", "ground-truth", "GROUND_TRUTH_MODEL_DIR");
        for (Map.Entry<String, String> e : modelDirs.entrySet()) {
            Map<String, Object> s = Yaml.map(services.get(e.getKey()));
            assertThat(Yaml.map(s.get("environment"))).as(e.getKey() + " reads the repository root")
                    .containsEntry(e.getValue(), "/models");
            assertThat(namedVolumeMounts(s)).as(e.getKey() + " mounts the trainer's volume there")
                    .containsEntry(volume, "/models");
            assertThat(Yaml.list(s.get("volumes"))).as(e.getKey() + " reads the models only")
                    .contains(volume + ":/models:ro");
        }
        // one simulator per default model, each naming its model
        for (String sim : List.of("simulator", "simulator-penguins")) {
            List<String> command = Yaml.list(Yaml.map(services.get(sim)).get("command")).stream()
                    .map(String::valueOf).toList();
            assertThat(command.get(command.indexOf("--model") + 1)).as(sim)
                    .isEqualTo(sim.equals("simulator") ? "diamond-price-rf" : "penguins");
        }
    }

    @Test
    void kafkaWritesItsLogDirectoryIntoTheVolumeMountedForIt() throws Exception {
        // the apache/kafka image writes to /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says otherwise
        // (its configureDefaults), which a recreated container loses with every topic and offset
        Map<String, Object> kafka = Yaml.map(services().get("kafka"));
        Map<String, Object> env = Yaml.map(kafka.get("environment"));
        assertThat(env).as("kafka sets KAFKA_LOG_DIRS").containsKey("KAFKA_LOG_DIRS");
        Map<String, String> mounts = namedVolumeMounts(kafka);
        for (String dir : String.valueOf(env.get("KAFKA_LOG_DIRS")).split(",")) {
            assertThat(mounts.values()).as("log dir %s is a named volume's mount path", dir).contains(dir.trim());
        }
        // the image formats that directory with CLUSTER_ID once; a later, different id (the image's own
        // default, should it change) would make the broker refuse the volume
        assertThat(String.valueOf(env.get("CLUSTER_ID"))).as("CLUSTER_ID pinned").matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void everyLongRunningServiceKeepsItsClassArchiveOnAVolumeOfItsOwn() throws Exception {
        // the archive must outlive the container (down/up recreates it), and two services' archives differ
        String entrypoint = Files.readString(Repo.path("docker/entrypoint.sh"));
        Matcher def = Pattern.compile("FACET_CDS_ARCHIVE:-(/[^}]+)}").matcher(entrypoint);
        assertThat(def.find()).as("entrypoint.sh's default archive path").isTrue();
        String dir = def.group(1).substring(0, def.group(1).lastIndexOf('/'));
        String dockerfile = Files.readString(Repo.path("docker/Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        // a fresh named volume takes the owner of the image's directory: facet must be able to write it
        assertThat(runtime).as("the runtime stage makes %s for facet", dir)
                .containsPattern("mkdir -p [^\\n]*" + Pattern.quote(dir) + "\\b")
                .containsPattern("chown facet:facet [^\\n]*" + Pattern.quote(dir) + "\\b");

        Map<String, String> owner = new HashMap<>();
        int services = 0;
        for (Map.Entry<String, Object> e : services().entrySet()) {
            Map<String, Object> s = Yaml.map(e.getValue());
            if (!s.containsKey("build") || "no".equals(s.get("restart"))) {
                continue; // one-shot jobs start once per `up`
            }
            assertThat(Yaml.map(s.get("environment"))).as(e.getKey()).doesNotContainKey("FACET_CDS_ARCHIVE");
            String volume = namedVolumeMounts(s).entrySet().stream().filter(m -> m.getValue().equals(dir))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            assertThat(volume).as("%s mounts a named volume at %s", e.getKey(), dir).isNotNull();
            assertThat(owner.put(volume, e.getKey())).as("volume %s is %s's alone", volume, e.getKey()).isNull();
            services++;
        }
        assertThat(services).isGreaterThanOrEqualTo(3);
    }

    /** A service's named-volume mounts (volume name to container path), each a top-level declared volume. */
    private static Map<String, String> namedVolumeMounts(Map<String, Object> service) throws Exception {
        Map<String, Object> declared = Yaml.map(compose().get("volumes"));
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object v : Yaml.list(service.get("volumes"))) {
            String[] parts = String.valueOf(v).split(":");
            if (parts.length >= 2 && !parts[0].startsWith(".") && !parts[0].startsWith("/")) {
                assertThat(declared).as("volume %s is declared", parts[0]).containsKey(parts[0]);
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    @Test
    void grafanaTakesItsAdminPasswordFromTheEnvironmentWithoutADefaultAndKeepsItsData() throws Exception {
        Map<String, Object> grafana = Yaml.map(services().get("grafana"));
        String password = String.valueOf(Yaml.map(grafana.get("environment")).get("GF_SECURITY_ADMIN_PASSWORD"));
        // ${VAR:?message} or ${VAR?message}: Compose refuses to start without it; ${VAR:-x} would be a default
        assertThat(password).matches("\\$\\{[A-Z_]+:?\\?[^}]*}");
        List<String> volumes = Yaml.list(grafana.get("volumes")).stream().map(String::valueOf).toList();
        assertThat(volumes).anyMatch(v -> v.matches("[a-z-]+:/var/lib/grafana"))
                .anyMatch(v -> v.startsWith("./grafana/provisioning:/etc/grafana/provisioning"))
                .anyMatch(v -> v.startsWith("./grafana/dashboards:/var/lib/grafana/dashboards"));
        String named = volumes.stream().filter(v -> v.endsWith(":/var/lib/grafana")).findFirst().orElseThrow();
        assertThat(Yaml.map(compose().get("volumes"))).containsKey(named.substring(0, named.indexOf(':')));
    }

    @Test
    void theRuntimeImageRunsAsANonRootUserWithAHealthCheck() throws Exception {
        String dockerfile = Files.readString(Repo.path("docker/Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(runtime);
        assertThat(user.find()).as("USER in the final stage").isTrue();
        assertThat(user.group(1)).isNotIn("root", "0", "0:0");
        assertThat(runtime).containsPattern("(?m)^HEALTHCHECK ");
        assertThat(dockerfile).containsPattern("(?m)^FROM \\S+ AS build").containsPattern("(?m)^FROM \\S*jre");
    }

    @Test
    void theBuildStageCopiesEveryModuleOfTheParentPom() throws Exception {
        // Maven reads every <module> even with -pl, so a missing COPY breaks `docker compose build`
        String pom = Files.readString(Repo.path("pom.xml"));
        String dockerfile = Files.readString(Repo.path("docker/Dockerfile"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (!dockerfile.contains("COPY " + m.group(1) + " " + m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertThat(missing).as("modules not copied into the build stage").isEmpty();
    }
}
