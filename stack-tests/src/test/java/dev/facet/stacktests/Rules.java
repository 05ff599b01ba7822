package dev.facet.stacktests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The rules of {@code prometheus/rules/*.yml}, read as plain maps. */
final class Rules {

    private Rules() {
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(Repo.path("prometheus/rules"))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<Map<String, Object>> all() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Path f : files()) {
            for (Object g : Yaml.list(Yaml.load(f).get("groups"))) {
                for (Object r : Yaml.list(Yaml.map(g).get("rules"))) {
                    rules.add(Yaml.map(r));
                }
            }
        }
        return rules;
    }

    static List<Map<String, Object>> alerts() throws IOException {
        return all().stream().filter(r -> r.containsKey("alert")).toList();
    }

    static List<String> recordNames() throws IOException {
        return all().stream().filter(r -> r.containsKey("record")).map(r -> (String) r.get("record")).toList();
    }
}
