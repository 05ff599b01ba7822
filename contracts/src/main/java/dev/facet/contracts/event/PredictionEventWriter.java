package dev.facet.contracts.event;

import dev.facet.contracts.json.NumberText;
import dev.facet.contracts.schema.Diamond;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static dev.facet.contracts.json.JsonText.plain;

/**
 * Writes prediction events byte for byte as {@link EventCodec}'s Jackson generator path does, without a
 * generator per event: what the events of one request share (schema version, timestamp, model name and
 * version) is rendered once, into a {@link Request}, and each event appends its id, features and price to it.
 * Why: the generator path, rendering the same timestamp once per row, was most of the cost of a batch's events
 * (BENCHMARKS.md).
 *
 * <p>One writer lives as long as the service (serving owns it): it keeps the last request's shared part, which
 * the next request of the same millisecond and model reuses, and its {@link NumberText} cache for the features'
 * text (a diamond's measurements take a few thousand distinct values). Safe for concurrent use.
 *
 * <p>Only plain strings are written raw: printable ASCII without quote or backslash. Anything else (never the
 * case for a UUID, a schema category or a usual model name) and non-finite numbers go to the generator path,
 * so the output is always what Jackson writes.
 */
public final class PredictionEventWriter {

    private static final byte[] HEAD = ascii("{\"schema_version\":" + PredictionEvent.SCHEMA_VERSION + ",\"prediction_id\":\"");

    private final NumberText numbers;
    private volatile Request last;

    /** A writer for a long-lived owner, with its own number cache. */
    public PredictionEventWriter() {
        this(NumberText.cached());
    }

    PredictionEventWriter(NumberText numbers) {
        this.numbers = numbers;
    }

    /** The writer of the events of one request: made at {@code timestamp} by the model named. */
    public Request request(Instant timestamp, String modelName, String modelVersion) {
        Request r = last;
        if (r != null && r.timestamp.equals(timestamp) && r.modelName.equals(modelName)
                && r.modelVersion.equals(modelVersion)) {
            return r;
        }
        r = new Request(timestamp, modelName, modelVersion);
        last = r;
        return r;
    }

    /** The events of one request; immutable, so a request may be shared by threads. */
    public final class Request {

        private final Instant timestamp;
        private final String modelName;
        private final String modelVersion;
        /** {@code ","timestamp":"..","model_name":"..","model_version":"..","features":{"carat":}, or null if not plain. */
        private final byte[] afterId;

        private Request(Instant timestamp, String modelName, String modelVersion) {
            this.timestamp = timestamp;
            this.modelName = modelName;
            this.modelVersion = modelVersion;
            String ts = timestamp.toString();
            this.afterId = plain(ts) && plain(modelName) && plain(modelVersion)
                    ? ascii("\",\"timestamp\":\"" + ts + "\",\"model_name\":\"" + modelName + "\",\"model_version\":\""
                    + modelVersion + "\",\"features\":{\"carat\":")
                    : null;
        }

        /** The event of one prediction made at this request's timestamp by its model. */
        public byte[] write(String predictionId, Diamond d, double price) {
            return write(predictionId, d, price, Double.toString(price));
        }

        /** As {@link #write(String, Diamond, double)}, with the price's text already rendered by the caller. */
        public byte[] write(String predictionId, Diamond d, double price, String priceText) {
            if (afterId == null || !plain(predictionId) || !plain(d.cut()) || !plain(d.color()) || !plain(d.clarity())
                    || !finite(d) || !Double.isFinite(price)) {
                return EventCodec.encodeWithGenerator(
                        PredictionEvent.of(predictionId, timestamp, modelName, modelVersion, d, price));
            }
            Bytes b = new Bytes();
            b.add(HEAD).add(predictionId).add(afterId).add(numbers.of(d.carat()))
                    .add(",\"cut\":\"").add(d.cut())
                    .add("\",\"color\":\"").add(d.color())
                    .add("\",\"clarity\":\"").add(d.clarity())
                    .add("\",\"depth\":").add(numbers.of(d.depth()))
                    .add(",\"table\":").add(numbers.of(d.table()))
                    .add(",\"x\":").add(numbers.of(d.x()))
                    .add(",\"y\":").add(numbers.of(d.y()))
                    .add(",\"z\":").add(numbers.of(d.z()))
                    .add("},\"price\":").add(priceText)
                    .add("}");
            return b.toArray();
        }
    }

    private static boolean finite(Diamond d) {
        return Double.isFinite(d.carat()) && Double.isFinite(d.depth()) && Double.isFinite(d.table())
                && Double.isFinite(d.x()) && Double.isFinite(d.y()) && Double.isFinite(d.z());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growable byte array; every string added has been checked to be ASCII. */
    private static final class Bytes {
        private byte[] buf = new byte[320];
        private int size;

        Bytes add(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        Bytes add(String s) {
            int n = s.length();
            ensure(n);
            s.getBytes(0, n, buf, size); // ASCII only: the low byte of each char is the char
            size += n;
            return this;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
