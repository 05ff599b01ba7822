package dev.facet.kafka;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of the broker's log file for error messages. */
final class BrokerLog {

    /** Enough for a stack trace; the file itself may hold many restarts. */
    private static final int MAX_BYTES = 32 * 1024;

    private BrokerLog() {
    }

    /**
     * @return the last {@code lines} lines of the file, or a note saying why there are none
     */
    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log file)";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read the log file: " + e + ")";
        }
    }
}
