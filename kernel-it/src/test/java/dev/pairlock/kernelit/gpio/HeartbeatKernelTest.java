package dev.pairlock.kernelit.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatInput;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatOutput;
import dev.pairlock.gpio.heartbeat.HeartbeatGenerator;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SC0's heartbeat generator and SC1's monitor over two gpio-sim chips. gpio-sim lines are not
 * wired to each other, so the test is the cable: after each beat it copies the level SC0's output
 * drives (read back from sysfs, i.e. what the kernel really drove) onto the pull of SC1's input,
 * and waits for SC1 to see that edge before the next beat.
 */
@Tag("kernel")
class HeartbeatKernelTest {

    @Test
    void generatorOnOneChipIsSeenByTheMonitorOnTheOther() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-gpio-hb").bank("pl-sc0", 4, "sc0-hb-out").bank("pl-sc1", 4, "", "sc1-hb-in").create();
                LinuxGpioChip sc0 = LinuxGpioChip.openByLabel("pl-sc0");
                LinuxGpioChip sc1 = LinuxGpioChip.openByLabel("pl-sc1");
                ThreadScheduler scheduler = new ThreadScheduler("sc0-heartbeat")) {
            GpioSim.Bank out = sim.bank(0);
            GpioSim.Bank in = sim.bank(1);
            in.pull(1, Pull.DOWN);
            List<Long> stamps = Collections.synchronizedList(new ArrayList<>());
            try (GpioHeartbeatOutput hbOut = GpioHeartbeatOutput.open(sc0, "sc0-hb-out", "sc0-sbbc");
                    GpioHeartbeatInput hbIn = GpioHeartbeatInput.open(sc1, "sc1-hb-in", "sc1-sbbc")) {
                hbIn.listen(new HeartbeatListener() {
                    @Override
                    public void onBeat(long ts, long seq) {
                        stamps.add(ts);
                    }
                });
                List<Throwable> cableFaults = Collections.synchronizedList(new ArrayList<>());
                HeartbeatOutput cable = () -> {
                    hbOut.beat();
                    in.pull(1, out.value(hbOut.offset()) == 1 ? Pull.UP : Pull.DOWN);
                    // one edge at a time: gpio-sim raises its interrupt from the sysfs write, and two
                    // writes while the first edge's irq thread still runs coalesce into one edge
                    try {
                        Await.until(() -> hbIn.edgeCount() == hbOut.beats(), Duration.ofSeconds(10),
                                "edge " + hbOut.beats() + " at SC1");
                    } catch (InterruptedException | AssertionError e) {
                        cableFaults.add(e);
                    }
                };
                HeartbeatGenerator gen = new HeartbeatGenerator(cable, scheduler, SystemClock.INSTANCE, 20_000_000L);
                gen.start();
                Await.until(() -> hbIn.edgeCount() >= 20 || !cableFaults.isEmpty(), Duration.ofSeconds(60), "20 heartbeat edges at SC1");
                gen.stop();
                String state = "beats " + gen.beats() + ", driven " + hbOut.beats() + ", edges " + hbIn.edgeCount()
                        + ", missed " + hbIn.missedCount() + ", skipped " + gen.skipped() + ", cable faults " + cableFaults;
                assertTrue(cableFaults.isEmpty(), state);
                assertEquals(gen.beats(), hbIn.edgeCount(), state);
                assertEquals(0, gen.failures());
                assertEquals(0, hbIn.missedCount());
                List<Long> copy = List.copyOf(stamps);
                for (int i = 1; i < copy.size(); i++) {
                    assertTrue(copy.get(i - 1) < copy.get(i), "kernel timestamps increase: " + copy);
                }
            }
            // released: libgpiod's tool sees the level the last beat left on the input
            String level = Cmd.ok("gpioget", in.chipName(), "1").out();
            assertEquals(in.pull(1) == Pull.UP ? "1" : "0", level);
        }
    }
}
