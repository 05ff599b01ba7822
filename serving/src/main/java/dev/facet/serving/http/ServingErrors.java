package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.HttpErrors.Answer;
import dev.facet.service.http.HttpErrors.DomainErrors;
import dev.facet.serving.inference.ReloadRefusedException;
import dev.facet.serving.prediction.InvalidInputException;
import dev.facet.serving.prediction.ModelFailureException;

import java.util.List;

/**
 * The serving domain's exceptions as HTTP answers, the only place they meet a status code:
 * <ul>
 *   <li>invalid input: 400 {@code validation}, naming every field;</li>
 *   <li>a model failure: 500 {@code model_error}, with its incident id;</li>
 *   <li>a refused reload: 400 {@code validation} (field {@code version}) for a malformed version, 404
 *   {@code not_found} when there is no such bundle, 409 {@code conflict} for a bundle that does not load or a
 *   reload already running.</li>
 * </ul>
 */
public final class ServingErrors implements DomainErrors {

    @Override
    public Answer answer(Throwable failure) {
        if (failure instanceof InvalidInputException e) {
            return new Answer(ErrorBody.Kind.VALIDATION.status(),
                    new ErrorBody(ErrorBody.Kind.VALIDATION.code(), e.getMessage(), e.errors()));
        }
        if (failure instanceof ModelFailureException e) {
            return of(ErrorBody.Kind.MODEL, e.getMessage());
        }
        if (failure instanceof ReloadRefusedException e) {
            return switch (e.reason()) {
                case INVALID_VERSION -> new Answer(ErrorBody.Kind.VALIDATION.status(),
                        ErrorBody.validation(List.of(new FieldError("version", e.getMessage()))));
                case NO_SUCH_BUNDLE -> of(ErrorBody.Kind.NOT_FOUND, e.getMessage());
                case BUNDLE_REFUSED, RELOAD_RUNNING -> of(ErrorBody.Kind.CONFLICT, e.getMessage());
            };
        }
        return null;
    }

    private static Answer of(ErrorBody.Kind kind, String message) {
        return new Answer(kind.status(), ErrorBody.of(kind, message));
    }
}
