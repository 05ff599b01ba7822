package dev.facet.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded generator of hostile bytes for request bodies and record values: random bytes, random JSON, deep nesting,
 * huge and tiny numbers, NaN and Infinity (bare and as strings), odd unicode and invalid UTF-8, truncated
 * documents, event-shaped objects with one thing wrong, and (rarely, when allowed) multi-megabyte bodies.
 */
final class HostileInputs {

    private static final String[] FIELDS = {"prediction_id", "actual_price", "observed_at", "received_at",
            "schema_version", "timestamp", "model_name", "model_version", "features", "price", "carat", "cut",
            "__proto__", "", "\u0000", "actual_price\u200b"};
    private static final String[] ODD = {"\u0000", "\ud800", "\udfff", "\u202e", "\ufeff", "\uffff", "😀", "\u0085",
            "e\u0301", "\\u0000", "\\ud800", "𝟘𝟙", "\r\n", "\"", "\\"};
    private static final String[] NUMBERS = {"1e99999", "-1e99999", "1e-400", "-0", "0", "NaN", "Infinity",
            "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e309\"", "9223372036854775808",
            "0x10", "1_000", "01", ".5", "1.", "+1", "1e", "123456789012345678901234567890123456789",
            "1" + "0".repeat(2000), "4.9e-324", "1.7976931348623157e308", "\"1234.5\"", "null", "true", "[]", "{}"};

    private final Random random;
    private final int maxHugeBytes;

    /** @param maxHugeBytes the size of the occasional huge document (0: none) */
    HostileInputs(long seed, int maxHugeBytes) {
        this.random = new Random(seed);
        this.maxHugeBytes = maxHugeBytes;
    }

    /** One hostile document; {@code kind} is set to a short name of what it is, for failure messages. */
    byte[] next(String[] kind) {
        int k = random.nextInt(11);
        if (maxHugeBytes > 0 && random.nextInt(400) == 0) {
            kind[0] = "huge";
            return huge();
        }
        kind[0] = switch (k) {
            case 0 -> "random-bytes";
            case 1, 2 -> "random-json";
            case 3 -> "deep-nesting";
            case 4 -> "odd-number";
            case 5 -> "odd-unicode";
            case 6 -> "invalid-utf8";
            case 7 -> "truncated";
            case 8 -> "wrong-schema-version";
            case 9 -> "batch";
            default -> "empty-or-scalar";
        };
        return switch (k) {
            case 0 -> randomBytes(random.nextInt(300));
            case 1, 2 -> utf8(randomJson(0));
            case 3 -> utf8(deep());
            case 4 -> utf8(eventShaped(NUMBERS[random.nextInt(NUMBERS.length)]));
            case 5 -> utf8(oddUnicode());
            case 6 -> invalidUtf8();
            case 7 -> truncated();
            case 8 -> utf8("{\"schema_version\":" + (2 + random.nextInt(1000)) + ",\"prediction_id\":\"" + UUID.randomUUID()
                    + "\",\"actual_price\":12.5}");
            case 9 -> utf8(batch());
            default -> utf8(new String[] {"", " ", "null", "0", "\"\"", "[]", "{}", "[{}]", "true"}[random.nextInt(9)]);
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomJson(int depth) {
        int k = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (k) {
            case 0 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 1 -> quote(ODD[random.nextInt(ODD.length)] + random.nextInt());
            case 2 -> random.nextBoolean() ? "null" : "false";
            case 3 -> quote(UUID.randomUUID().toString());
            case 4 -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = random.nextInt(5); i > 0; i--) {
                    sb.append(randomJson(depth + 1)).append(i > 1 ? "," : "");
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                for (int i = random.nextInt(6); i > 0; i--) {
                    sb.append(quote(FIELDS[random.nextInt(FIELDS.length)])).append(':').append(randomJson(depth + 1))
                            .append(i > 1 ? "," : "");
                }
                yield sb.append('}').toString();
            }
        };
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000")
                .replace("\r", "\\r").replace("\n", "\\n") + '"';
    }

    private String deep() {
        int n = 500 + random.nextInt(random.nextBoolean() ? 2_000 : 60_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(n) + "1" + (random.nextBoolean() ? close.repeat(n) : "");
    }

    private String eventShaped(String price) {
        return "{\"prediction_id\":\"" + UUID.randomUUID() + "\",\"actual_price\":" + price + ",\"price\":" + price
                + ",\"schema_version\":1}";
    }

    private String oddUnicode() {
        String odd = ODD[random.nextInt(ODD.length)];
        return switch (random.nextInt(4)) {
            case 0 -> "{\"prediction_id\":" + quote(UUID.randomUUID() + odd) + ",\"actual_price\":10}";
            case 1 -> "{" + quote("actual" + odd + "price") + ":10,\"prediction_id\":\"" + UUID.randomUUID() + "\"}";
            case 2 -> "\ufeff{\"prediction_id\":\"" + UUID.randomUUID() + "\",\"actual_price\":10}";
            default -> "{\"prediction_id\":\"" + UUID.randomUUID().toString().replace('a', 'а') + "\",\"actual_price\":1}";
        };
    }

    private byte[] invalidUtf8() {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        byte[] head = utf8("{\"prediction_id\":\"");
        byte[] b = bad[random.nextInt(bad.length)];
        byte[] tail = utf8("\",\"actual_price\":10}");
        byte[] out = Arrays.copyOf(head, head.length + b.length + tail.length);
        System.arraycopy(b, 0, out, head.length, b.length);
        System.arraycopy(tail, 0, out, head.length + b.length, tail.length);
        return out;
    }

    private byte[] truncated() {
        byte[] whole = utf8("{\"prediction_id\":\"" + UUID.randomUUID() + "\",\"actual_price\":1234.5,"
                + "\"observed_at\":\"2024-01-31T12:00:00Z\"}");
        return Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
    }

    private String batch() {
        StringBuilder sb = new StringBuilder("[");
        int n = random.nextInt(10) == 0 ? 1_000 + random.nextInt(2_000) : 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(random.nextInt(3) == 0 ? randomJson(3) : eventShaped(
                    NUMBERS[random.nextInt(NUMBERS.length)]));
        }
        return sb.append(']').toString();
    }

    private byte[] huge() {
        int n = maxHugeBytes / 2 + random.nextInt(maxHugeBytes / 2);
        return switch (random.nextInt(3)) {
            case 0 -> utf8("{\"prediction_id\":\"" + "a".repeat(n) + "\"}");
            case 1 -> utf8("[" + "1,".repeat(n / 2) + "1]");
            default -> randomBytes(n);
        };
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
