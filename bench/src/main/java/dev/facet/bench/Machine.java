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
        return statCpu("/proc/" + pid + "/stat", 11);
    }

    /**
     * CPU time of this process's children that have ended and been waited for (cutime and cstime of
     * /proc/self/stat): across a {@code wrk} run, wrk's own CPU. NaN when unavailable.
     */
    public static Cpu endedChildrenCpu() {
        return statCpu("/proc/self/stat", 13);
    }

    /** Two adjacent tick counts of a stat file, user then kernel, {@code user} counted from the state field. */
    private static Cpu statCpu(String file, int user) {
        try {
            String stat = Files.readString(Path.of(file));
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Cpu(Long.parseLong(f[user]) / TICKS_PER_SECOND, Long.parseLong(f[user + 1]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Cpu(Double.NaN, Double.NaN);
        }
    }

    /**
     * The whole machine's CPU time so far, over all cores, in seconds (the first line of /proc/stat): busy (user,
     * nice, system, irq, softirq), idle (idle, iowait) and stolen by the hypervisor for other guests.
     */
    public record MachineCpu(double busySeconds, double idleSeconds, double stealSeconds) {

        public MachineCpu minus(MachineCpu before) {
            return new MachineCpu(busySeconds - before.busySeconds, idleSeconds - before.idleSeconds,
                    stealSeconds - before.stealSeconds);
        }
    }

    /** From /proc/stat; NaN when unavailable. */
    public static MachineCpu machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new MachineCpu(busy / TICKS_PER_SECOND, idle / TICKS_PER_SECOND, Long.parseLong(f[8]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(Double.NaN, Double.NaN, Double.NaN);
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
