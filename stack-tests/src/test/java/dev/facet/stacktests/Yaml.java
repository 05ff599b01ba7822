package dev.facet.stacktests;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** YAML through SnakeYAML's safe constructor, which resolves anchors and merge keys as Compose does. */
final class Yaml {

    private Yaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(file));
    }

    /** Block style, long lines kept whole (PromQL and annotations stay readable in a written copy). */
    static String dump(Map<String, Object> doc) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(1000);
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
                .dump(doc);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
