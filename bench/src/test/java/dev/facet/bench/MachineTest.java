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
}
