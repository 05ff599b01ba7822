package dev.facet.serving;

import dev.facet.serving.v2.V2Bodies;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Seeded generator of hostile HTTP requests for {@link HostileInputTest}. */
final class HostileRequests {

    record Case(HttpMethod method, String path, String contentType, Buffer body, String kind) {
        String describe() {
            return method + " " + path + " [" + kind + ", " + (body == null ? 0 : body.length()) + " bytes]";
        }
    }

    private static final String[] ODD = {"\u0000", "\ud800", "\udfff", "\u202e", "\u200b", "\ufeff", "💎", "é",
            "\\u0000", "\\ud83d", "Ideal\u0000", "I\u0301deal", "ＩＤＥＡＬ", "\"", "\\", "</script>", "%00", "${jndi:x}"};
    private static final String[] NUMBERS = {"1e999999", "-1e999999", "1" + "0".repeat(2000), "0." + "0".repeat(2000) + "1",
            "123456789012345678901234567890", "-0", "4.9e-324", "1.7976931348623157e308", "9223372036854775808",
            "0x10", "01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "-Infinity"};
    private static final String[] STRINGS = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"\"", "null",
            "true", "[]", "{}", "\"Ideal\"", "0.3"};
    private static final String[] FIELDS = {"carat", "cut", "color", "clarity", "depth", "table", "x", "y", "z"};
    private static final String[] V2_INFER = {"/v2/models/" + SmallModel.NAME + "/infer",
            "/v2/models/" + SmallModel.NAME + "/versions/1/infer"};
    private static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json\u0000", null};

    private HostileRequests() {
    }

    static Case next(Random r, String[] posts, String[] gets) {
        int pick = r.nextInt(100);
        if (pick < 10) {
            String path = gets[r.nextInt(gets.length)] + (r.nextBoolean() ? "" : "?q=" + oddAscii(r));
            return new Case(r.nextInt(5) == 0 ? HttpMethod.DELETE : HttpMethod.GET, path, null, null, "get");
        }
        String path = posts[r.nextInt(posts.length)];
        String type = r.nextInt(10) == 0 ? TYPES[r.nextInt(TYPES.length)] : "application/json";
        if (type != null && type.indexOf('\u0000') >= 0) {
            type = "application/json; x=y"; // a NUL cannot go into a header; keep an odd parameter instead
        }
        String kind;
        byte[] body;
        if (pick < 11 && r.nextBoolean()) {
            kind = "multi-megabyte";
            body = ("[" + "{\"carat\":1.0},".repeat((2 << 20) / 14) + "{}]").getBytes(StandardCharsets.UTF_8);
        } else if (pick < 12) {
            kind = "deep nesting 100k";
            boolean arrays = r.nextBoolean();
            body = ((arrays ? "[" : "{\"a\":").repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        } else if (pick < 35) {
            kind = "hostile field";
            body = diamondWith(r).getBytes(StandardCharsets.UTF_8);
        } else if (pick < 45) {
            kind = "v2 odd tensor";
            body = v2(r).getBytes(StandardCharsets.UTF_8);
        } else if (pick < 45 + 10) {
            kind = "v2 mutated";
            path = V2_INFER[r.nextInt(V2_INFER.length)];
            body = v2Mutated(r).getBytes(StandardCharsets.UTF_8);
        } else if (pick < 60) {
            kind = "invalid utf-8";
            body = new byte[r.nextInt(200) + 1];
            r.nextBytes(body);
            body[0] = '{';
        } else if (pick < 65) {
            kind = "truncated json";
            String s = diamondWith(r);
            body = s.substring(0, r.nextInt(s.length())).getBytes(StandardCharsets.UTF_8);
        } else {
            kind = "random json";
            body = randomJson(r, 4).getBytes(StandardCharsets.UTF_8);
        }
        return new Case(HttpMethod.POST, path, type, Buffer.buffer(body), kind);
    }

    /** A valid-looking diamond with 1-3 fields replaced by hostile values (and sometimes a hostile key). */
    private static String diamondWith(Random r) {
        String[] values = {"0.3", "\"Ideal\"", "\"E\"", "\"VS2\"", "61.5", "55", "4.3", "4.35", "2.7"};
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int f = r.nextInt(values.length);
            values[f] = switch (r.nextInt(4)) {
                case 0 -> NUMBERS[r.nextInt(NUMBERS.length)];
                case 1 -> STRINGS[r.nextInt(STRINGS.length)];
                case 2 -> "\"" + ODD[r.nextInt(ODD.length)] + "\"";
                default -> randomJson(r, 2);
            };
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < FIELDS.length; i++) {
            sb.append('"').append(FIELDS[i]).append("\":").append(values[i]).append(',');
        }
        if (r.nextInt(4) == 0) {
            sb.append('"').append(ODD[r.nextInt(ODD.length)]).append("\":1,");
        }
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static String v2(Random r) {
        String shape = switch (r.nextInt(5)) {
            case 0 -> "[-1]";
            case 1 -> "[2147483647]";
            case 2 -> "[1,1,1,1]";
            case 3 -> "[" + NUMBERS[r.nextInt(NUMBERS.length)] + "]";
            default -> "[1]";
        };
        StringBuilder sb = new StringBuilder("{\"id\":\"" + ODD[r.nextInt(ODD.length)].replace("\\", "") + "\",\"inputs\":[");
        for (int i = 0; i < FIELDS.length; i++) {
            String type = switch (r.nextInt(8)) {
                case 0 -> "\"" + ODD[r.nextInt(ODD.length)] + "\"";
                case 1 -> "null";
                case 2 -> randomJson(r, 1);
                default -> "\"FP64\"";
            };
            String data = r.nextBoolean() ? "[" + NUMBERS[r.nextInt(NUMBERS.length)] + "]" : randomJson(r, 2);
            sb.append("{\"name\":\"").append(FIELDS[i]).append('"');
            if (r.nextInt(8) != 0) { // sometimes no datatype at all
                sb.append(",\"datatype\":").append(type);
            }
            if (r.nextInt(4) == 0) {
                sb.append(",\"parameters\":").append(randomJson(r, 1));
            }
            sb.append(",\"shape\":").append(shape).append(",\"data\":").append(data).append("},");
        }
        sb.setLength(sb.length() - 1);
        return sb.append("]}").toString();
    }

    /** A valid V2 request of 1-3 rows with 1-3 nodes removed, nulled or retyped, at any level (see {@link V2Bodies}). */
    private static String v2Mutated(Random r) {
        JsonObject body = V2Bodies.valid(1 + r.nextInt(3));
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            body = V2Bodies.mutate(body, new V2Bodies.Mutation(r.nextInt(10_000), r.nextInt(3),
                    r.nextInt(V2Bodies.SWAPS.size())));
        }
        return body.encode();
    }

    /** A raw-socket case: the bytes to send, and whether Vert.x's 501 (unknown HTTP version) is a fair answer. */
    record RawCase(String kind, byte[] bytes, boolean http2Preface) {
    }

    /**
     * What no HTTP client library sends: no Host, the HTTP/2 preface, nothing at all, half a head, lying or
     * duplicated Content-Lengths, bad chunks, Transfer-Encoding with Content-Length, oversized lines and headers.
     */
    static RawCase raw(Random r, String[] posts, String[] gets) {
        String post = "POST " + posts[r.nextInt(posts.length)] + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        String json = r.nextBoolean() ? v2Mutated(r) : randomJson(r, 3);
        int n = json.getBytes(StandardCharsets.UTF_8).length;
        return switch (r.nextInt(12)) {
            case 0 -> new RawCase("no Host", ((r.nextBoolean() ? "GET " + gets[r.nextInt(gets.length)]
                    : "POST " + posts[r.nextInt(posts.length)]) + " HTTP/1.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + n + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8), false);
            case 1 -> new RawCase("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);
            case 2 -> new RawCase("nothing", new byte[0], false);
            case 3 -> new RawCase("half a head", ("GET " + gets[r.nextInt(gets.length)] + " HTTP/1.1\r\nHo")
                    .getBytes(StandardCharsets.US_ASCII), false);
            case 4 -> new RawCase("bad chunk", (post + "Transfer-Encoding: chunked\r\n\r\n"
                    + (r.nextBoolean() ? "zz" : Integer.toHexString(n + 7)) + "\r\n" + json + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8), false);
            case 5 -> new RawCase("good chunks", (post + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8), false);
            case 6 -> new RawCase("Content-Length not a number", (post + "Content-Length: " + (r.nextBoolean() ? "abc" : "-1")
                    + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8), false);
            case 7 -> new RawCase("two Content-Lengths", (post + "Content-Length: " + n + "\r\nContent-Length: " + (n + 1)
                    + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8), false);
            case 8 -> new RawCase("Content-Length short", (post + "Content-Length: " + r.nextInt(n + 1) + "\r\n\r\n" + json
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), false);
            case 9 -> new RawCase("chunked and Content-Length", (post + "Transfer-Encoding: chunked\r\nContent-Length: " + n
                    + "\r\nConnection: close\r\n\r\n" + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8), false);
            case 10 -> new RawCase("long request line", ("GET /" + "a".repeat(4096 + r.nextInt(4096)) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), false);
            default -> new RawCase("large headers", ("GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(8192 + r.nextInt(4096))
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), false);
        };
    }

    /** Random JSON (sometimes subtly invalid: bare NaN, trailing commas) of bounded depth. */
    static String randomJson(Random r, int depth) {
        int k = depth <= 0 ? r.nextInt(4) : r.nextInt(7);
        return switch (k) {
            case 0 -> NUMBERS[r.nextInt(NUMBERS.length)];
            case 1 -> STRINGS[r.nextInt(STRINGS.length)];
            case 2 -> "\"" + ODD[r.nextInt(ODD.length)] + "\"";
            case 3 -> r.nextBoolean() ? "null" : ",";
            case 4, 5 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(randomJson(r, depth - 1)).append(i < n - 1 || r.nextInt(8) == 0 ? "," : "");
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String key = r.nextBoolean() ? FIELDS[r.nextInt(FIELDS.length)] : ODD[r.nextInt(ODD.length)];
                    sb.append('"').append(key.replace("\"", "").replace("\\", "")).append("\":")
                            .append(randomJson(r, depth - 1)).append(i < n - 1 ? "," : "");
                }
                yield sb.append('}').toString();
            }
        };
    }

    private static String oddAscii(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "%F0%9F%92%8E";
            case 1 -> "%00";
            case 2 -> "x".repeat(2000);
            default -> "%25%zz";
        };
    }
}
