package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.HttpErrors.Answer;
import dev.facet.serving.inference.ReloadRefusedException;
import dev.facet.serving.inference.ReloadRefusedException.Reason;
import dev.facet.serving.prediction.InvalidInputException;
import dev.facet.serving.prediction.ModelFailureException;
import io.vertx.core.json.DecodeException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The serving domain's exceptions, as the HTTP layer answers them: each type, its status, its body. */
class ServingErrorsTest {

    private final ServingErrors errors = new ServingErrors();

    @Test
    void invalidInputIsA400ValidationNamingEveryField() {
        Answer a = errors.answer(new InvalidInputException(List.of(new FieldError("carat", "must be > 0"),
                new FieldError("[2].cut", "must be one of [Fair, Good]"))));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().error()).isEqualTo("validation");
        assertThat(a.body().message()).isEqualTo("invalid input: carat must be > 0 (and 1 more)");
        assertThat(a.body().details()).extracting(FieldError::field).containsExactly("carat", "[2].cut");
    }

    @Test
    void invalidInputKeepsAHundredDetailsAndCountsThemAll() {
        List<FieldError> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(new FieldError("[" + i + "].carat", "must be > 0"));
        }
        Answer a = errors.answer(new InvalidInputException(many));
        assertThat(a.body().details()).hasSize(InvalidInputException.MAX_DETAILS);
        assertThat(a.body().message()).endsWith("(and 149 more)");
    }

    @Test
    void aModelFailureIsA500ModelErrorWithItsIncidentAndNothingElse() {
        Answer a = errors.answer(new ModelFailureException("abc-123"));
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.body().error()).isEqualTo("model_error");
        assertThat(a.body().message()).isEqualTo("the model failed to predict; incident abc-123 is in the server log");
        assertThat(a.body().details()).isEmpty();
    }

    @Test
    void aRefusedReloadIsAnsweredByItsReason() {
        Answer invalid = errors.answer(new ReloadRefusedException(Reason.INVALID_VERSION, "must match [A-Za-z0-9._-]+"));
        assertThat(invalid).isEqualTo(new Answer(400, ErrorBody.validation(List.of(
                new FieldError("version", "must match [A-Za-z0-9._-]+")))));
        assertThat(invalid.body().message()).isEqualTo("invalid input: version must match [A-Za-z0-9._-]+");
        assertThat(errors.answer(new ReloadRefusedException(Reason.NO_SUCH_BUNDLE, "no model version '9'")))
                .isEqualTo(new Answer(404, ErrorBody.of(ErrorBody.Kind.NOT_FOUND, "no model version '9'")));
        assertThat(errors.answer(new ReloadRefusedException(Reason.BUNDLE_REFUSED, "checksum mismatch")))
                .isEqualTo(new Answer(409, ErrorBody.of(ErrorBody.Kind.CONFLICT, "checksum mismatch")));
        assertThat(errors.answer(new ReloadRefusedException(Reason.RELOAD_RUNNING, "another reload")))
                .isEqualTo(new Answer(409, ErrorBody.of(ErrorBody.Kind.CONFLICT, "another reload")));
        for (Reason r : Reason.values()) {
            assertThat(errors.answer(new ReloadRefusedException(r, "x"))).as(r.name()).isNotNull();
        }
    }

    @Test
    void otherFailuresAreLeftToTheSharedClassification() {
        assertThat(errors.answer(new IllegalStateException("bug"))).isNull();
        assertThat(errors.answer(new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "no"))).isNull();
        // ... which answers what says everything by itself, and leaves the rest (a bug) to the request's handler
        assertThat(HttpErrors.answer(new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "no"), errors))
                .isEqualTo(new Answer(404, ErrorBody.of(ErrorBody.Kind.NOT_FOUND, "no")));
        assertThat(HttpErrors.answer(new DecodeException("Unexpected end-of-input\nat [Source...]"), errors))
                .isEqualTo(new Answer(400, ErrorBody.of(ErrorBody.Kind.MALFORMED_JSON,
                        "request body is not valid JSON: Unexpected end-of-input")));
        assertThat(HttpErrors.answer(new IllegalStateException("bug"), errors)).isNull();
    }
}
