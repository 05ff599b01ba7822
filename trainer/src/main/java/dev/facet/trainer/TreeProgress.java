package dev.facet.trainer;

import org.tribuo.ensemble.BaggingTrainer;

import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Tribuo's per-member "Building model i" log lines into "tree i/N" progress, so a newcomer watching the
 * first start of the stack sees training advance instead of silence or two-line JUL records.
 */
final class TreeProgress {

    private static final Pattern BUILDING = Pattern.compile("Building model (\\d+)");

    private TreeProgress() {
    }

    static <T> T run(int trees, Consumer<String> progress, Supplier<T> training) {
        Logger log = Logger.getLogger(BaggingTrainer.class.getName());
        long start = System.nanoTime();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Matcher m = BUILDING.matcher(String.valueOf(record.getMessage()));
                if (m.find()) {
                    int i = Integer.parseInt(m.group(1));
                    if (i > 0 && (i % Math.max(1, trees / 10) == 0)) {
                        progress.accept(String.format("  tree %d/%d (%.0f s)", i, trees, (System.nanoTime() - start) / 1e9));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parent = log.getUseParentHandlers();
        log.addHandler(handler);
        log.setUseParentHandlers(false);
        try {
            return training.get();
        } finally {
            log.removeHandler(handler);
            log.setUseParentHandlers(parent);
        }
    }
}
