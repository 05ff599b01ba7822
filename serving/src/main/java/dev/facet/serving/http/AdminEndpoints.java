package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.JsonBodies;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelReloader;
import dev.facet.serving.metrics.ServingMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /admin/reload} (behind the bearer token: see {@code ServingVerticle#router}). The body is optional:
 * none (or {@code {}}) loads the newest bundle under {@code model.dir}; {@code {"version": "2"}} loads
 * {@code model.dir/2}. The answer names the model now served and the one it replaced.
 */
public final class AdminEndpoints {

    private final ModelReloader reloader;
    private final Supplier<LoadedModel> current;
    private final ServingMetrics metrics;

    public AdminEndpoints(ModelReloader reloader, Supplier<LoadedModel> current, ServingMetrics metrics) {
        this.reloader = reloader;
        this.current = current;
        this.metrics = metrics;
    }

    /** Parses on the event loop (a tiny body); the load itself runs on a worker inside {@link ModelReloader}. */
    public void reload(RoutingContext ctx) {
        LoadedModel before = current.get();
        Optional<String> version;
        try {
            version = version(ctx);
        } catch (ClientErrorException e) {
            metrics.reloadRefused();
            ctx.fail(e);
            return;
        }
        reloader.reload(ctx.vertx(), version).onSuccess(m -> {
            metrics.reloadSucceeded();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model_name", m.name());
            body.put("model_version", m.version());
            body.put("bundle_directory", m.directory().toAbsolutePath().toString());
            body.put("loaded_at", m.loadedAt().toString());
            body.put("explainer", m.explainerNote());
            body.put("previous", before == null ? null : Map.of("model_name", before.name(),
                    "model_version", before.version()));
            ServingVerticle.REPLIES.send(ctx, 200, body);
        }).onFailure(err -> {
            metrics.reloadRefused();
            ctx.fail(err);
        });
    }

    private static Optional<String> version(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            return Optional.empty();
        }
        Object parsed = JsonBodies.parse(ctx);
        if (!(parsed instanceof JsonObject o)) {
            throw invalid("body", "must be a JSON object such as {\"version\": \"2\"}, or empty");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String f : o.fieldNames()) {
            if (!f.equals("version")) {
                errors.add(new FieldError(f.length() > 64 ? f.substring(0, 64) + "..." : f,
                        "unknown field; the only field is version"));
            }
        }
        Object v = o.getValue("version");
        if (v != null && !(v instanceof String)) {
            errors.add(new FieldError("version", "must be a string naming a directory under model.dir"));
        }
        if (!errors.isEmpty()) {
            throw new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(errors));
        }
        return Optional.ofNullable((String) v);
    }

    private static ClientErrorException invalid(String field, String problem) {
        return new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(List.of(new FieldError(field, problem))));
    }
}
