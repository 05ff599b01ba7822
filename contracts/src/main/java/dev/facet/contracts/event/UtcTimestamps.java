package dev.facet.contracts.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses the timestamps our events carry ({@code Instant.toString()}: {@code 2026-11-23T10:15:30.123Z}, with 0 to 9
 * fraction digits) without {@code DateTimeFormatter}, which cost the drift-worker a tenth of its time per event.
 * Anything else is handed to {@link Instant#parse}, so what is accepted and refused is exactly what it accepts
 * and refuses; only the common shape is faster.
 */
final class UtcTimestamps {

    private UtcTimestamps() {
    }

    /** As {@link Instant#parse}; throws its {@link DateTimeParseException} for text it refuses. */
    static Instant parse(String s) {
        int n = s.length();
        // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return Instant.parse(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between the dot and the Z
            if (s.charAt(19) != '.' || fraction < 1) {
                return Instant.parse(s);
            }
            int f = digits(s, 20, fraction);
            if (f < 0) {
                return Instant.parse(s);
            }
            nanos = f;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        // second 60 (a leap second) and out-of-range fields go the slow way, which decides as it always did
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Instant.parse(s);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
