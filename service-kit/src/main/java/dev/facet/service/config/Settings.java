package dev.facet.service.config;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.facet.contracts.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A service's configuration: flat dotted keys ({@code http.port}) with defaults in a JSON resource of the
 * service's jar, optionally overridden by a JSON file named by {@code <SERVICE>_CONFIG}, then by environment
 * variables with a mechanical name: {@code <SERVICE>_} + the key upper-cased with dots and dashes as
 * underscores ({@code serving} + {@code http.port} = {@code SERVING_HTTP_PORT}).
 *
 * <p>Only keys that have a default may be set: a typo in a file is an error, not a silently ignored value.
 * The result becomes the verticle's deployment config; the service's own config record validates types and
 * ranges.
 */
public final class Settings {

    private static final Pattern SECRET = Pattern.compile("(?i).*(token|password|secret|credential).*");

    private Settings() {
    }

    /** Defaults from {@code resource}, then the {@code <SERVICE>_CONFIG} file, then environment variables. */
    public static JsonObject load(String service, String resource, Map<String, String> env) {
        Map<String, Object> values = new TreeMap<>(readResource(resource));
        String prefix = service.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        String file = env.get(prefix + "CONFIG");
        if (file != null && !file.isBlank()) {
            Map<String, Object> fromFile = readFile(Path.of(file));
            for (Map.Entry<String, Object> e : fromFile.entrySet()) {
                if (!values.containsKey(e.getKey())) {
                    throw new IllegalArgumentException(file + ": unknown setting '" + e.getKey()
                            + "'; known settings are " + values.keySet());
                }
                values.put(e.getKey(), e.getValue());
            }
        }
        for (String key : values.keySet()) {
            String name = envName(prefix, key);
            String raw = env.get(name);
            if (raw != null) {
                values.put(key, coerce(raw, values.get(key), name));
            }
        }
        return new JsonObject(new LinkedHashMap<>(values));
    }

    /**
     * The defaults of {@code resource} with {@code overrides} on top, the environment left out: how a test or the
     * launcher starts a service with a few settings changed. A key without a default is an error, as in a file.
     */
    public static JsonObject withDefaults(String resource, JsonObject overrides) {
        Map<String, Object> values = new TreeMap<>(readResource(resource));
        for (String key : overrides.fieldNames()) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings are "
                        + values.keySet());
            }
        }
        values.putAll(overrides.getMap());
        return new JsonObject(new LinkedHashMap<>(values));
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String prefix, String key) {
        return prefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A copy fit for logs and {@code /model-info}: values of secret-looking keys masked. */
    public static JsonObject masked(JsonObject config) {
        JsonObject out = new JsonObject();
        config.forEach(e -> out.put(e.getKey(),
                SECRET.matcher(e.getKey()).matches() && e.getValue() != null && !"".equals(e.getValue())
                        ? "****" : e.getValue()));
        return out;
    }

    /** Reads a setting of a deployment config, failing with the key's name when it is absent or mistyped. */
    public static int integer(JsonObject config, String key, int min, int max) {
        Object v = required(config, key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("setting '" + key + "' must be an integer, got " + v);
        }
        if (n.longValue() < min || n.longValue() > max) {
            throw new IllegalArgumentException("setting '" + key + "' must be in [" + min + ", " + max + "], got " + v);
        }
        return n.intValue();
    }

    public static double number(JsonObject config, String key, double min, double max) {
        Object v = required(config, key);
        if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            throw new IllegalArgumentException("setting '" + key + "' must be a number in [" + min + ", " + max + "], got " + v);
        }
        return n.doubleValue();
    }

    public static String string(JsonObject config, String key) {
        Object v = required(config, key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("setting '" + key + "' must be a string, got " + v);
        }
        return s;
    }

    public static boolean bool(JsonObject config, String key) {
        Object v = required(config, key);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("setting '" + key + "' must be true or false, got " + v);
        }
        return b;
    }

    private static Object required(JsonObject config, String key) {
        Object v = config.getValue(key);
        if (v == null) {
            throw new IllegalArgumentException("setting '" + key + "' is required");
        }
        return v;
    }

    private static Object coerce(String raw, Object like, String name) {
        try {
            if (like instanceof Boolean) {
                if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                return Boolean.parseBoolean(raw);
            }
            if (like instanceof Integer || like instanceof Long) {
                return Long.parseLong(raw.trim());
            }
            if (like instanceof Number) {
                return Double.parseDouble(raw.trim());
            }
            return raw;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + name + "=" + raw + " is not a valid "
                    + like.getClass().getSimpleName().toLowerCase(Locale.ROOT), e);
        }
    }

    private static Map<String, Object> readResource(String resource) {
        try (InputStream in = Settings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("default settings " + resource + " are missing from the classpath");
            }
            return Json.MAPPER.readValue(in, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read default settings " + resource, e);
        }
    }

    private static Map<String, Object> readFile(Path file) {
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read settings file " + file + ": " + e.getMessage(), e);
        }
    }
}
