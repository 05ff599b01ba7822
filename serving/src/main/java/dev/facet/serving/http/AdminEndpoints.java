package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.JsonBodies;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelReloader;
import dev.facet.serving.inference.ModelRepository;
import dev.facet.serving.metrics.ServingMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /admin/reload} and {@code POST /admin/models/{name}/reload} (behind the bearer token: see
 * {@code ServingVerticle#router}). The body is optional: none (or {@code {}}) loads the newest bundle of the model
 * (the default one, or the one the path or {@code "model"} names); {@code {"version": "2"}} loads its version 2.
 * A model directory added to the repository since the start is loaded and served by naming it. The answer names the
 * model now served and the one it replaced.
 */
public final class AdminEndpoints {

    private final ModelRepository repository;
    private final ServingMetrics metrics;

    public AdminEndpoints(ModelRepository repository, ServingMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
    }

    /** Parses on the event loop (a tiny body); the load itself runs on a worker inside {@link ModelReloader}. */
    public void reload(RoutingContext ctx) {
        Request request;
        try {
            request = request(ctx);
        } catch (ClientErrorException e) {
            metrics.reloadRefused();
            ctx.fail(e);
            return;
        }
        String name = ctx.pathParam("name") != null ? ctx.pathParam("name")
                : request.model().orElse(repository.defaultName());
        LoadedModel before = repository.slot(name).map(ModelRepository.Slot::current).orElse(null);
        repository.reload(ctx.vertx(), name, request.version()).onSuccess(m -> {
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

    private record Request(Optional<String> model, Optional<String> version) {
    }

    private static Request request(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            return new Request(Optional.empty(), Optional.empty());
        }
        Object parsed = JsonBodies.parse(ctx);
        if (!(parsed instanceof JsonObject o)) {
            throw invalid("body", "must be a JSON object such as {\"version\": \"2\"}, or empty");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String f : o.fieldNames()) {
            if (!f.equals("version") && !f.equals("model")) {
                errors.add(new FieldError(f.length() > 64 ? f.substring(0, 64) + "..." : f,
                        "unknown field; the fields are version and model"));
            }
        }
        Object v = o.getValue("version");
        if (v != null && !(v instanceof String)) {
            errors.add(new FieldError("version", "must be a string naming a directory under model.dir"));
        }
        Object model = o.getValue("model");
        if (model != null && !(model instanceof String)) {
            errors.add(new FieldError("model", "must be a string naming a model of the repository"));
        }
        if (!errors.isEmpty()) {
            throw new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(errors));
        }
        return new Request(Optional.ofNullable((String) model), Optional.ofNullable((String) v));
    }

    private static ClientErrorException invalid(String field, String problem) {
        return new ClientErrorException(ErrorBody.Kind.VALIDATION, ErrorBody.validation(List.of(new FieldError(field, problem))));
    }
}
