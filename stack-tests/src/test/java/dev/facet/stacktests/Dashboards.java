package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The dashboards of {@code grafana/dashboards/} and their PromQL. */
final class Dashboards {

    /** One panel query, with the template variables replaced by real values for a test. */
    record Query(String dashboard, int panelId, String panel, String expr) {
    }

    /**
     * Values for the template variables: {@code $instance} and {@code $feature} are multi-value with an "All"
     * of {@code .*} (always used with {@code =~}); {@code $window} is one of count, time.
     */
    static final Map<String, String> VARIABLES = Map.of("$instance", ".*", "$feature", ".*", "$window", "count",
            "$model", ".*");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Dashboards() {
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(Repo.path("grafana/dashboards"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Path f : files()) {
            JsonNode d = read(f);
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(d.path("uid").asText(), p.path("id").asInt(), p.path("title").asText(),
                            substitute(t.path("expr").asText())));
                }
            }
        }
        return out;
    }

    static String substitute(String expr) {
        String e = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            e = e.replace(v.getKey(), v.getValue());
        }
        return e;
    }
}
