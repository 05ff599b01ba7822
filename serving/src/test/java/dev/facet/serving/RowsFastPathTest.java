package dev.facet.serving;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondReader;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.JsonBodies;
import dev.facet.serving.http.ServingErrors;
import dev.facet.serving.prediction.Rows;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /predict} and {@code /predict/batch} read bodies with the streaming {@link DiamondReader} and fall back
 * to Vert.x's parser and the validator. Whatever the body, a client must see exactly what the general path
 * alone would give: the same rows, or the same error.
 */
class RowsFastPathTest {

    private static final String VALID = TestApps.json(SmallModel.heldOutRows(1).get(0).diamond()).encode();

    @Property(tries = 3000)
    void aSingleRowGetsWhatTheGeneralPathGives(@ForAll long seed) {
        Random r = new Random(seed);
        Buffer body = body(r);
        Object general = outcome(() -> Rows.one(JsonBodies.decode(body)));
        Diamond fast = DiamondReader.read(body.getBytes());
        if (fast != null) {
            assertThat(fast).as(body.toString()).isEqualTo(general);
        }
        assertThat(outcome(() -> Rows.one(body))).isEqualTo(general);
    }

    @Property(tries = 1000)
    void aBatchGetsWhatTheGeneralPathGives(@ForAll long seed) {
        Random r = new Random(seed);
        int n = r.nextInt(4);
        Buffer body = Buffer.buffer("[");
        for (int i = 0; i < n; i++) {
            body.appendString(i == 0 ? "" : ",").appendBuffer(r.nextInt(3) == 0 ? body(r) : Buffer.buffer(VALID));
        }
        body.appendString(r.nextInt(20) == 0 ? "" : "]");
        int maxRows = 1 + r.nextInt(3);
        Object general = outcome(() -> Rows.batch(JsonBodies.decode(body), maxRows));
        assertThat(outcome(() -> Rows.batch(body, maxRows))).as(body.toString()).isEqualTo(general);
    }

    /** Mostly hostile bodies (odd values, truncation, random JSON), a valid row one time in four. */
    private static Buffer body(Random r) {
        if (r.nextInt(4) == 0) {
            return Buffer.buffer(VALID);
        }
        HostileRequests.Case c = HostileRequests.next(r, new String[] {"/predict"}, new String[] {"/health"});
        return c.body() == null || c.body().length() > 4096 ? Buffer.buffer(VALID) : c.body();
    }

    /** The rows, or the error a client would see: status and body. */
    private static Object outcome(Supplier<?> rows) {
        try {
            Object value = rows.get();
            return value instanceof List<?> l ? List.copyOf(l) : value;
        } catch (RuntimeException e) {
            // as the HTTP layer answers it; an exception it cannot classify without a request is a failure here
            HttpErrors.Answer a = HttpErrors.answer(e, new ServingErrors());
            if (a == null) {
                throw e;
            }
            return a.status() + " " + a.body();
        }
    }
}
