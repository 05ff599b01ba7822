package dev.facet.serving.v2;

import dev.facet.serving.http.ServingErrors;
import dev.facet.serving.prediction.InvalidInputException;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid V2 requests with one to three nodes mutated (removed, nulled, swapped for another JSON type) at any
 * level: the parser returns rows or throws {@link InvalidInputException}, never another exception (an NPE or
 * ClassCastException would be a 500). {@link V2RequestTest} covers every single mutation exhaustively; this
 * covers combinations.
 */
class V2RequestPropertyTest {

    @Property(tries = 2000, seed = "18")
    void mutatedRequestsParseOrAreClientErrors(@ForAll @IntRange(min = 1, max = 3) int rows,
                                               @ForAll("mutations") List<V2Bodies.Mutation> mutations) {
        JsonObject body = V2Bodies.valid(rows);
        for (V2Bodies.Mutation m : mutations) {
            body = V2Bodies.mutate(body, m);
        }
        try {
            V2Request r = V2Request.parse(body, 1000);
            assertThat(r.rows()).isNotEmpty();
        } catch (InvalidInputException e) {
            assertThat(new ServingErrors().answer(e).status()).as(body.encode()).isEqualTo(400);
            assertThat(V2Endpoints.message(new ServingErrors().answer(e).body())).isNotBlank();
        }
    }

    @Provide
    Arbitrary<List<V2Bodies.Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, V2Bodies.SWAPS.size() - 1)).as(V2Bodies.Mutation::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }
}
