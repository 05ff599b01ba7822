package dev.facet.bench;

import java.util.Locale;

/**
 * Where the machine's CPU went during one run: the process under test, the Kafka broker, the load generator
 * (children of this JVM that ended and were waited for during the run: wrk) and the whole machine, busy, idle
 * and stolen by the hypervisor. On a box where all of them share the cores, this says what a ceiling is made of.
 */
public final class CpuBudget {

    private final long target;
    private final long broker;
    private final Machine.Cpu target0;
    private final Machine.Cpu broker0;
    private final Machine.Cpu children0;
    private final Machine.MachineCpu machine0;

    private CpuBudget(long target, long broker) {
        this.target = target;
        this.broker = broker;
        this.target0 = Machine.cpu(target);
        this.broker0 = Machine.cpu(broker);
        this.children0 = Machine.endedChildrenCpu();
        this.machine0 = Machine.machineCpu();
    }

    /** Starts counting; {@code brokerPid} may be -1 (no broker: its figures are NaN). */
    public static CpuBudget start(long targetPid, long brokerPid) {
        return new CpuBudget(targetPid, brokerPid);
    }

    /** What was spent since {@link #start}. */
    public Spent stop() {
        return new Spent(Machine.cpu(target).minus(target0), Machine.cpu(broker).minus(broker0),
                Machine.endedChildrenCpu().minus(children0), Machine.machineCpu().minus(machine0));
    }

    public record Spent(Machine.Cpu target, Machine.Cpu broker, Machine.Cpu generator, Machine.MachineCpu machine) {

        /** A Markdown table row's cells, each in µs per unit (request or row): "17.0 + 11.0 | ...". */
        public String cells(long units) {
            return String.join(" | ", split(target, units), split(broker, units), split(generator, units),
                    us(machine.busySeconds(), units), us(machine.idleSeconds(), units), us(machine.stealSeconds(), units));
        }

        private static String split(Machine.Cpu c, long units) {
            return us(c.userSeconds(), units) + " + " + us(c.kernelSeconds(), units);
        }

        private static String us(double seconds, long units) {
            return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds * 1e6 / units);
        }
    }
}
