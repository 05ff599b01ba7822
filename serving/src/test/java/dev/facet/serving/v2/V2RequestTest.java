package dev.facet.serving.v2;

import dev.facet.serving.http.ServingErrors;
import dev.facet.serving.prediction.InvalidInputException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The V2 request parser on its own: a value or a client error naming the field, never another exception. */
class V2RequestTest {

    @Test
    void aValidRequestParsesToItsRows() {
        V2Request r = V2Request.parse(V2Bodies.valid(3), 1000);
        assertThat(r.rows()).hasSize(3);
        assertThat(r.id()).isEqualTo("req-1");
    }

    @Test
    void aTensorWithoutDatatypeIsAClientErrorNamingTheInput() {
        JsonObject body = V2Bodies.valid(1);
        body.getJsonArray("inputs").getJsonObject(0).remove("datatype");
        assertThatThrownBy(() -> V2Request.parse(body, 1000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("carat");
        assertThat(message(body)).contains("datatype must be numeric", "got null");
    }

    @Test
    void aNullDatatypeIsAClientErrorNamingTheInput() {
        JsonObject body = V2Bodies.valid(1);
        body.getJsonArray("inputs").getJsonObject(1).putNull("datatype");
        assertThat(message(body)).contains("cut", "datatype must be BYTES", "got null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "\"x\"", "true", "[{}]"})
    void requestParametersThatAreNotAnObjectAreRefused(String value) {
        JsonObject body = V2Bodies.valid(1).put("parameters", decode(value));
        assertThat(message(body)).contains("parameters", "must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "\"x\"", "false"})
    void tensorParametersThatAreNotAnObjectAreRefused(String value) {
        JsonObject body = V2Bodies.valid(1);
        body.getJsonArray("inputs").getJsonObject(4).put("parameters", decode(value));
        assertThat(message(body)).contains("inputs[4].parameters", "must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "\"x\""})
    void outputParametersThatAreNotAnObjectAreRefused(String value) {
        JsonObject body = V2Bodies.valid(1);
        body.getJsonArray("outputs").getJsonObject(0).put("parameters", decode(value));
        assertThat(message(body)).contains("outputs[0].parameters", "must be an object");
    }

    @Test
    void parametersMayBeAbsentOrAnyObject() {
        JsonObject body = V2Bodies.valid(2);
        body.remove("parameters");
        body.getJsonArray("inputs").getJsonObject(0).put("parameters", new JsonObject().put("x", new JsonArray()));
        assertThat(V2Request.parse(body, 1000).rows()).hasSize(2);
    }

    /**
     * Every node of a valid request, removed, nulled and swapped for each value of {@link V2Bodies#SWAPS}: the
     * parser returns rows or throws {@link InvalidInputException}, nothing else (all of them, not a sample).
     */
    @Test
    void everySingleMutationOfEveryNodeIsAValueOrAClientError() {
        JsonObject valid = V2Bodies.valid(2);
        int nodes = V2Bodies.nodes(valid);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int node = 0; node < nodes; node++) {
            for (int op = 0; op < 3; op++) {
                for (int swap = 0; swap < (op == 2 ? V2Bodies.SWAPS.size() : 1); swap++) {
                    V2Bodies.Mutation m = new V2Bodies.Mutation(node, op, swap);
                    JsonObject body = V2Bodies.mutate(valid, m);
                    cases++;
                    try {
                        V2Request.parse(body, 1000);
                    } catch (InvalidInputException expected) {
                        // a 400 naming the field
                    } catch (RuntimeException e) {
                        failures.add(m.describe(nodes) + ": " + e + " for " + body.encode());
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(1000);
        assertThat(failures).isEmpty();
    }

    private static String message(JsonObject body) {
        try {
            V2Request.parse(body, 1000);
        } catch (InvalidInputException e) {
            return V2Endpoints.message(new ServingErrors().answer(e).body());
        }
        throw new AssertionError("accepted: " + body.encode());
    }

    private static Object decode(String json) {
        return Json.decodeValue(json);
    }
}
