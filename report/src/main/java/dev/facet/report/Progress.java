package dev.facet.report;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Records read against the total the offsets promise, on stderr (stdout stays for the summary, so it can be piped).
 * On a terminal one bar redrawn in place at most ten times a second; otherwise (a log, CI) a plain line every
 * {@value #PLAIN_EVERY_SECONDS} seconds, so a log is not flooded. Either way a last line when done.
 */
final class Progress {

    static final int PLAIN_EVERY_SECONDS = 5;

    /** Makes one bar per reading pass (a report may read two topics). */
    interface Factory {
        Progress create(String what, long total);
    }
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final String what;
    private final long total;
    private final long everyNanos;
    private long done;
    private long nextPrint;

    Progress(PrintWriter out, boolean terminal, String what, long total) {
        this.out = out;
        this.terminal = terminal;
        this.what = what;
        this.total = total;
        this.everyNanos = terminal ? 100_000_000L : PLAIN_EVERY_SECONDS * 1_000_000_000L;
        this.nextPrint = System.nanoTime() + everyNanos;
    }

    /** Bars on {@code out}, redrawn in place when {@code terminal}. */
    static Factory on(PrintWriter out, boolean terminal) {
        return (what, total) -> new Progress(out, terminal, what, total);
    }

    /** No output at all, for callers that are not a person at a terminal (tests). */
    static Factory silent() {
        return (what, total) -> new Progress(null, false, what, total);
    }

    void advance(long records) {
        done += records;
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now >= nextPrint) {
            nextPrint = now + everyNanos;
            print(false);
        }
    }

    /** The last figures; nothing when there was nothing to read (the error or the summary says so). */
    void finish() {
        if (out != null && total > 0) {
            print(true);
        }
    }

    long done() {
        return done;
    }

    private void print(boolean last) {
        long shown = Math.min(done, total);
        double ratio = total == 0 ? 1 : (double) shown / total;
        String counts = String.format(Locale.ROOT, "%s: %,d / %,d records (%d%%)", what, shown, total,
                Math.round(ratio * 100));
        if (terminal) {
            int filled = (int) Math.round(ratio * WIDTH);
            out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + counts + (last ? "\n" : ""));
        } else {
            out.println(counts);
        }
        out.flush();
    }
}
