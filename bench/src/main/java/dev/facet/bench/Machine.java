package dev.facet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The context every figure is reported with: load average now, a process's resident memory and CPU time. */
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

    /** Clock ticks a second of /proc's CPU times: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU time a process has used so far, in user space and in the kernel, in seconds. */
    public record Cpu(double userSeconds, double kernelSeconds) {

        /** What was used between {@code before} and this reading. */
        public Cpu minus(Cpu before) {
            return new Cpu(userSeconds - before.userSeconds, kernelSeconds - before.kernelSeconds);
        }
    }

    /** From /proc/<pid>/stat (utime and stime, all threads); NaN when unavailable. */
    public static Cpu cpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Cpu(Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Cpu(Double.NaN, Double.NaN);
        }
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
