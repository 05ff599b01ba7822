package dev.facet.serving.http;

import dev.facet.common.error.ErrorBody;
import dev.facet.service.http.HttpErrors.Answer;
import dev.facet.service.http.HttpErrors.DomainErrors;
import dev.facet.serving.prediction.InvalidInputException;
import dev.facet.serving.prediction.ModelFailureException;

/**
 * The prediction package's exceptions as HTTP answers, the only place they meet a status code: invalid input
 * is a 400 {@code validation} naming every field; a model failure a 500 {@code model_error} with its incident id.
 */
public final class PredictionErrors implements DomainErrors {

    @Override
    public Answer answer(Throwable failure) {
        if (failure instanceof InvalidInputException e) {
            return new Answer(ErrorBody.Kind.VALIDATION.status(),
                    new ErrorBody(ErrorBody.Kind.VALIDATION.code(), e.getMessage(), e.errors()));
        }
        if (failure instanceof ModelFailureException e) {
            return new Answer(ErrorBody.Kind.MODEL.status(), ErrorBody.of(ErrorBody.Kind.MODEL, e.getMessage()));
        }
        return null;
    }
}
