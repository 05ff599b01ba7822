package dev.facet.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MachineTest {

    @Test
    void aProcessCpuTimeGrowsWhileItComputes() {
        long self = ProcessHandle.current().pid();
        Machine.Cpu before = Machine.cpu(self);
        assertThat(before.userSeconds()).isPositive();
        assertThat(before.kernelSeconds()).isNotNegative();
        // spin until /proc has counted at least 0.2 s more of user time (10 s at most)
        long deadline = System.nanoTime() + 10_000_000_000L;
        double x = 0;
        Machine.Cpu used;
        do {
            for (int i = 0; i < 1_000_000; i++) {
                x += Math.sqrt(i + x);
            }
            used = Machine.cpu(self).minus(before);
        } while (used.userSeconds() < 0.2 && System.nanoTime() < deadline);
        assertThat(x).isPositive();
        assertThat(used.userSeconds()).isGreaterThanOrEqualTo(0.2);
        assertThat(used.kernelSeconds()).isNotNegative();
    }

    @Test
    void aProcessThatIsGoneHasNoCpuTime() {
        assertThat(Machine.cpu(Long.MAX_VALUE).userSeconds()).isNaN();
    }

    @Test
    void aWaitedForChildsCpuTimeIsCountedWhenItEnds() throws Exception {
        Machine.Cpu before = Machine.endedChildrenCpu();
        // a child that burns about 0.3 s of user time, then exits
        Process p = new ProcessBuilder("sh", "-c", "end=$(($(date +%s%N) + 300000000)); "
                + "while [ $(date +%s%N) -lt $end ]; do :; done").start();
        assertThat(p.waitFor()).isZero();
        Machine.Cpu used = Machine.endedChildrenCpu().minus(before);
        assertThat(used.userSeconds() + used.kernelSeconds()).isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void theMachinesBusyTimeGrowsWhileThisProcessComputes() {
        Machine.MachineCpu before = Machine.machineCpu();
        assertThat(before.busySeconds()).isPositive();
        assertThat(before.idleSeconds()).isNotNegative();
        assertThat(before.stealSeconds()).isNotNegative();
        Machine.Cpu self0 = Machine.cpu(ProcessHandle.current().pid());
        spin(0.2);
        Machine.MachineCpu used = Machine.machineCpu().minus(before);
        double mine = Machine.cpu(ProcessHandle.current().pid()).minus(self0).userSeconds();
        // the machine was at least as busy as this process was
        assertThat(used.busySeconds()).isGreaterThanOrEqualTo(mine - 0.02);
    }

    @Test
    void aBudgetSplitsTheCpuOfARunByProcessAndPerUnit() {
        CpuBudget budget = CpuBudget.start(ProcessHandle.current().pid(), -1);
        spin(0.2);
        CpuBudget.Spent spent = budget.stop();
        assertThat(spent.target().userSeconds()).isGreaterThanOrEqualTo(0.2);
        assertThat(spent.broker().userSeconds()).isNaN();
        String[] cells = spent.cells(1000).split(" \\| ");
        assertThat(cells).hasSize(6);
        // 0.2 s over 1,000 units is at least 200 µs each
        assertThat(Double.parseDouble(cells[0].split(" \\+ ")[0])).isGreaterThanOrEqualTo(200);
        assertThat(cells[1]).isEqualTo("- + -");
    }

    /** Computes until /proc has counted {@code seconds} more of this process's user time (10 s at most). */
    private static void spin(double seconds) {
        long self = ProcessHandle.current().pid();
        Machine.Cpu before = Machine.cpu(self);
        long deadline = System.nanoTime() + 10_000_000_000L;
        double x = 0;
        do {
            for (int i = 0; i < 1_000_000; i++) {
                x += Math.sqrt(i + x);
            }
        } while (Machine.cpu(self).minus(before).userSeconds() < seconds && System.nanoTime() < deadline);
        assertThat(x).isPositive();
    }
}
