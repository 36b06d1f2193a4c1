package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The in-VM benchmarks fail, with a message that says where they run, when started outside the
 * kernel-it VM (no KIT_* environment): a plain {@code java -jar benchmarks.jar Vm} must not time
 * nothing or skip silently. ({@code bench/run} excludes them; {@code bench/run-vm} runs them. This
 * module's unit tests never run inside the VM: the kernel suite runs only kernel-it's.)
 */
class VmBenchOutsideVmTest {

    private static void failsOutsideVm(Executable setup) {
        IllegalStateException e = assertThrows(IllegalStateException.class, setup);
        assertTrue(e.getMessage().contains("bench/run-vm"), e.getMessage());
    }

    @Test
    void i2cStatesFailOutsideVm() {
        failsOutsideVm(() -> new VmI2cBench.Pairlock().open());
        failsOutsideVm(() -> new VmI2cBench.Diozero().open());
        failsOutsideVm(() -> new VmI2cBench.Pi4j().open());
    }

    @Test
    void heartbeatFailsOutsideVm() {
        failsOutsideVm(() -> new VmHeartbeatBench().open(null));
    }

    @Test
    void interleavedRunsFailOutsideVm() {
        failsOutsideVm(() -> InterleavedSmbus.main(new String[0]));
        failsOutsideVm(() -> InterleavedHeartbeat.main(new String[0]));
    }
}
