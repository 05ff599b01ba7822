package dev.facet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The context every figure is reported with: load average now, and a process's resident memory. */
public final class Machine {

    private Machine() {
    }

    /** The 1-minute load average, from /proc/loadavg (NaN where there is none). */
    public static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public static String loadText() {
        return String.format(Locale.ROOT, "load %.2f", load());
    }

    /** VmRSS of a process in MiB, from /proc/<pid>/status; NaN when it has gone. */
    public static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
