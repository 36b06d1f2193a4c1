package dev.pairlock.kernelit.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import dev.pairlock.kernelit.KernelEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * scctl's linux backend against the independent tools on the same devices: i2c-tools on i2c-stub,
 * libgpiod's gpioget/gpiomon on a gpio-sim chip, busybox devmem on the ivshmem BAR.
 */
@Tag("kernel")
class ScctlKernelTest {
    private static final long BAR_BASE = 0x6000; // clear of the offsets the other kernel tests use

    @Test
    void i2cGetAndSetAgreeWithI2cgetAndI2cset() {
        int bus = KernelEnv.i2cStubBus();
        String b = Integer.toString(bus);
        ScctlCli scctl = ScctlCli.withConfig("scctl-kit-i2c", "sc = sc0");
        assertEquals("Value 0xa7 written, readback matched\n", scctl.ok("i2c", "set", "-y", "-r", b, "0x50", "0x40", "0xa7"));
        assertEquals("0xa7", Cmd.ok("i2cget", "-y", b, "0x50", "0x40").out());
        Cmd.ok("i2cset", "-y", b, "0x51", "0x41", "0x5c");
        assertEquals("0x5c", scctl.ok("i2c", "get", "-y", b, "0x51", "0x41").strip());
        Cmd.ok("i2cset", "-y", b, "0x51", "0x42", "0xbeef", "w");
        assertEquals(Cmd.ok("i2cget", "-y", b, "0x51", "0x42", "w").out(), scctl.ok("i2c", "get", "-y", b, "0x51", "0x42", "w").strip());
        assertEquals("{\"bus\":" + bus + ",\"address\":81,\"register\":66,\"mode\":\"w\",\"value\":48879}",
                scctl.ok("--json", "i2c", "get", "-y", b, "0x51", "0x42", "w").strip());
    }

    @Test
    void regReadAndWriteAgreeWithDevmemOnTheIvshmemBar() {
        long base = KernelEnv.ivshmemBarAddress() + BAR_BASE;
        ScctlCli scctl = ScctlCli.withConfig("scctl-kit-reg", "sc = sc0", "window.bar.device = /dev/mem",
                "window.bar.offset = 0x" + Long.toHexString(base), "window.bar.size = 0x100");
        assertEquals("", scctl.ok("reg", "write", "-y", "--window", "bar", "0x10", "0xc0ffee01"), "silent, as devmem");
        assertEquals("0xC0FFEE01", Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x10), "32").out());
        Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x14), "32", "0x12345678");
        assertEquals("0x12345678\n", scctl.ok("reg", "read", "--window", "bar", "0x14"));
        assertEquals(Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x14), "32").out() + "\n",
                scctl.ok("reg", "read", "--window", "bar", "0x14", "32"));
        // one byte and one 64-bit word, each way: the same single accesses, printed zero-padded to the width
        assertEquals("", scctl.ok("reg", "write", "-y", "--window", "bar", "0x21", "8", "0xa5"), "silent, as devmem");
        assertEquals("0xA5", Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x21), "8").out());
        Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x22), "8", "0x5c");
        assertEquals(Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x22), "8").out() + "\n",
                scctl.ok("reg", "read", "--window", "bar", "0x22", "8"));
        assertEquals("", scctl.ok("reg", "write", "-y", "--window", "bar", "0x28", "64", "0xfedcba9876543210"), "silent, as devmem");
        assertEquals("0xFEDCBA9876543210", Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x28), "64").out());
        Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x30), "64", "0x0123456789abcdef");
        assertEquals("0x0123456789ABCDEF\n", scctl.ok("reg", "read", "--window", "bar", "0x30", "64"));
        assertEquals(Cmd.ok("busybox", "devmem", "0x" + Long.toHexString(base + 0x30), "64").out() + "\n",
                scctl.ok("reg", "read", "--window", "bar", "0x30", "l"));
    }

    @Test
    void gpioDetectInfoAndGetAgreeWithLibgpiod() {
        try (GpioSim sim = GpioSim.builder("pl-kit-get").bank("pl-kit-get", 4, "in0", "in1", "in2", "in3").create()) {
            GpioSim.Bank bank = sim.bank();
            ScctlCli scctl = ScctlCli.withConfig("scctl-kit-gpio", "sc = sc0");
            String detect = scctl.ok("gpio", "detect");
            assertTrue(detect.contains(bank.chipName() + " [pl-kit-get] (4 lines)\n"), detect);
            assertTrue(Cmd.ok("gpiodetect").stdout().contains(bank.chipName() + " [pl-kit-get] (4 lines)"));
            Pull[][] patterns = {{Pull.UP, Pull.DOWN, Pull.UP, Pull.DOWN}, {Pull.DOWN, Pull.UP, Pull.UP, Pull.DOWN}};
            for (Pull[] p : patterns) {
                for (int i = 0; i < p.length; i++) {
                    bank.pull(i, p[i]);
                }
                String theirs = Cmd.ok("gpioget", bank.chipName(), "0", "1", "2", "3").out();
                assertEquals(theirs, scctl.ok("gpio", "get", "--numeric", "-c", "pl-kit-get", "0", "1", "2", "3").strip());
                assertEquals(Cmd.ok("gpioget", "-l", bank.chipName(), "0", "1", "2", "3").out(),
                        scctl.ok("gpio", "get", "--numeric", "-l", "-c", bank.chipDevice().toString(), "in0", "in1", "in2", "in3").strip());
                String named = scctl.ok("gpio", "get", "in0", "in1");
                assertEquals("\"in0\"=" + (p[0] == Pull.UP ? "active" : "inactive") + " \"in1\"=" + (p[1] == Pull.UP ? "active" : "inactive") + "\n", named);
            }
            String info = scctl.ok("gpio", "info", "-c", bank.chipName());
            assertTrue(info.startsWith(bank.chipName() + " - 4 lines:\n"), info);
            assertTrue(Pattern.compile("\tline +3:\t\"in3\" *\tinput").matcher(info).find(), info);
        }
    }

    @Test
    void gpioMonitorSeesTheSameEdgesAsGpiomon() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-kit-mon").bank("pl-kit-mon", 2, "mon0", "mon1").create()) {
            GpioSim.Bank bank = sim.bank();
            bank.pull(1, Pull.DOWN);
            ScctlCli scctl = ScctlCli.withConfig("scctl-kit-mon", "sc = sc0");
            long before = System.nanoTime(); // CLOCK_MONOTONIC, the kernel's event clock
            ScctlCli.Running mon = scctl.start("gpio", "monitor", "-n", "2", "--timeout", "60s", "-c", "pl-kit-mon", "mon1");
            awaitIrq("scctl");
            // gpioinfo sees scctl's request as a real kernel consumer
            assertTrue(Pattern.compile("line +1: +\"mon1\" +\"scctl\" +input").matcher(Cmd.ok("gpioinfo", bank.chipName()).stdout()).find());
            bank.pull(1, Pull.UP);
            // gpio-sim drops an edge that comes while the previous one's irq still runs: one at a time
            await(() -> mon.out().contains("rising"), "scctl's rising edge");
            bank.pull(1, Pull.DOWN);
            String ours = mon.expect(0);
            long after = System.nanoTime();
            // gpiomon v2's line: timestamp, edge, and (a chip was given) "chip offset "name"", tab-separated
            Matcher m = Pattern.compile("(\\d+)\\.(\\d{9})\t(rising|falling)\t" + bank.chipName() + " 1 \"mon1\"").matcher(ours);
            List<String> ourTypes = new ArrayList<>();
            while (m.find()) {
                long ts = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2));
                assertTrue(before <= ts && ts <= after, before + " <= " + ts + " <= " + after + ": kernel monotonic timestamps\n" + ours);
                ourTypes.add(m.group(3));
            }
            assertEquals(2, ourTypes.size(), ours);
            assertTrue(mon.err.toString().endsWith("2 edge(s), 0 missed, on " + bank.chipName() + "\n"), mon.err::toString);

            List<String> theirTypes = new ArrayList<>();
            for (Pull p : List.of(Pull.UP, Pull.DOWN)) {
                String[] cmd = {"gpiomon", "--num-events=1", "--format=%e %s %n", bank.chipName(), "1"};
                Process gpiomon = Cmd.start(cmd);
                awaitIrq("gpiomon");
                long t0 = System.nanoTime();
                bank.pull(1, p);
                String[] f = Cmd.await(gpiomon, Duration.ofSeconds(30), cmd).ok().out().split(" ");
                long ts = Long.parseLong(f[1]) * 1_000_000_000L + Long.parseLong(f[2]);
                assertTrue(t0 <= ts && ts <= System.nanoTime(), "gpiomon's timestamp is on the same clock");
                theirTypes.add(f[0].equals("1") ? "rising" : "falling");
            }
            assertEquals(theirTypes, ourTypes);
        }
    }

    @Test
    void heartbeatWatchOpensHeartbeatInFromThePlatformFile() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-kit-hb").bank("pl-kit-hb", 4, "sc1-hb-out", "sc0-hb-in", "reset-out").create()) {
            GpioSim.Bank bank = sim.bank();
            bank.pull(1, Pull.DOWN);
            ScctlCli scctl = ScctlCli.withConfig("scctl-kit-hb", "sc = sc0", "heartbeat.in = pl-kit-hb:sc0-hb-in",
                    "heartbeat.out = " + bank.chipDevice() + ":0", "reset.out = pl-kit-hb:reset-out");
            ScctlCli.Running watch = scctl.start("heartbeat", "watch", "--duration", "10s");
            awaitIrq("scctl");
            for (Pull p : List.of(Pull.UP, Pull.DOWN, Pull.UP)) {
                int n = (int) watch.out().lines().filter(l -> l.contains(" beat ")).count();
                bank.pull(1, p);
                await(() -> watch.out().lines().filter(l -> l.contains(" beat ")).count() > n, "beat " + (n + 1));
            }
            String out = watch.expect(0);
            assertTrue(out.endsWith("3 beat(s), 0 missed, in 10000 ms as seen by SC0\n"), out);
            Matcher m = Pattern.compile("beat (\\d+)").matcher(out);
            List<String> seq = new ArrayList<>();
            while (m.find()) {
                seq.add(m.group(1));
            }
            assertEquals(List.of("1", "2", "3"), seq, out);
            ScctlCli.Running missing = ScctlCli.withConfig("scctl-kit-nohb", "sc = sc0").start("heartbeat", "watch", "--duration", "1s");
            assertEquals("", missing.expect(1));
            assertTrue(missing.err.toString().contains("no heartbeat input configured (set heartbeat.in in the platform file)"), missing.err::toString);
        }
    }

    private static void awaitIrq(String consumer) throws InterruptedException {
        // "used" is set before the edge irq is requested: wait for the irq itself
        await(() -> {
            try {
                return Files.readString(Path.of("/proc/interrupts")).contains(consumer);
            } catch (IOException e) {
                return false;
            }
        }, consumer + "'s edge interrupt");
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
