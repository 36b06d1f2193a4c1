package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class I2cCommandTest {
    @Test
    void getReadsTheBoardIdAndSpllRegisters() {
        Run r = Run.scctl("i2c", "get", "-y", "3", "0x23", "0x00");
        assertEquals(0, r.code(), r::toString);
        assertEquals("0x5a\n", r.out());
        Run sel = Run.scctl("i2c", "get", "-y", "3", "0x23", "0x10", "b");
        assertEquals("0x00\n", sel.out(), sel::toString);
    }

    @Test
    void getInJsonHasStableFields() {
        Run r = Run.scctl("--json", "i2c", "get", "-y", "3", "0x23", "0x00");
        assertEquals("{\"bus\":3,\"address\":35,\"register\":0,\"mode\":\"b\",\"value\":90}\n", r.out(), r::toString);
    }

    @Test
    void getBlockModeReadsLengthBytes() {
        Run r = Run.scctl("i2c", "get", "-y", "3", "0x23", "0x10", "i", "2");
        assertEquals(0, r.code(), r::toString);
        assertEquals(2, r.out().trim().split(" ").length, r::toString);
    }

    @Test
    void setWritesAndReadsBackWithMask() {
        Run r = Run.scctl("i2c", "set", "-y", "-r", "-m", "0x01", "3", "0x23", "0x10", "0x01");
        assertEquals(0, r.code(), r::toString);
        assertEquals("Value 0x01 written, readback matched\n", r.out());
    }

    /** A read-back that differs is a failure (exit 1): its warning goes to stderr, stdout keeps results only. */
    @Test
    void setReadBackMismatchWarnsOnStderr() {
        Run r = Run.scctl("i2c", "set", "-y", "-r", "3", "0x23", "0x00", "0x01"); // 0x00 is the read-only board ID
        assertEquals(1, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals("scctl: Warning - data mismatch - wrote 0x01, read back 0x5a (i2c-3, chip address 0x23, data address 0x00)\n",
                r.err());
        Run json = Run.scctl("--json", "i2c", "set", "-y", "-r", "3", "0x23", "0x00", "0x01");
        assertEquals(1, json.code(), json::toString);
        // the one failure document, as every read-back mismatch (reg write, clock set-refsel): ok false, the line,
        // then the fields the command prints on success
        assertEquals("{\"ok\":false,\"error\":\"Warning - data mismatch - wrote 0x01, read back 0x5a (i2c-3, chip address 0x23,"
                + " data address 0x00)\",\"bus\":3,\"address\":35,\"register\":0,\"mode\":\"b\",\"written\":1,\"readback\":90,"
                + "\"matched\":false,\"exit\":1}\n", json.out(), json::toString);
        assertTrue(json.err().contains("data mismatch"), json::toString);
    }

    @Test
    void setWithoutYesAndNoStdinRefusesWithAHint() {
        Run r = Run.withInput(null, "i2c", "set", "3", "0x23", "0x10", "1");
        assertEquals(0, r.code(), "declined, as i2cset: exit 0\n" + r);
        assertTrue(r.err().contains("pass -y"), r::toString);
    }

    @Test
    void setAnsweredYesWrites() {
        Run r = Run.withInput("y\n", "i2c", "set", "-r", "3", "0x23", "0x10", "1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("readback matched"), r::toString);
    }

    @Test
    void setAnsweredNoAborts() {
        Run r = Run.withInput("n\n", "i2c", "set", "3", "0x23", "0x10", "1");
        assertEquals(0, r.code(), r::toString);
        assertEquals("0x00\n", Run.scctl("i2c", "get", "-y", "3", "0x23", "0x10").out(), "nothing written");
        assertTrue(r.err().contains("aborted"), r::toString);
    }

    @Test
    void reservedAddressesNeedDashAInEveryChipCommand() {
        String[][] calls = {
            {"i2c", "get", "-y", "3", "0x78", "0"},
            {"i2c", "set", "-y", "3", "0x78", "0", "1"},
            {"i2c", "dump", "-y", "-r", "0-1", "3", "0x78"},
            {"i2c", "transfer", "-y", "3", "r1@0x78"}};
        for (String[] call : calls) {
            Run refused = Run.scctl(call);
            assertEquals(2, refused.code(), refused::toString);
            assertTrue(refused.err().contains("-a for 0x00..0x7f"), refused::toString);
            String[] forced = new String[call.length + 1];
            forced[0] = call[0];
            forced[1] = call[1];
            forced[2] = "-a";
            System.arraycopy(call, 2, forced, 3, call.length - 2);
            Run allowed = Run.scctl(forced);
            assertFalse(allowed.err().contains("out of range"), allowed::toString);
        }
    }

    @Test
    void badInputIsUsageErrorWithOneLine() {
        assertUsage(Run.scctl("i2c", "get", "-y", "3", "0x80", "0"), "chip address");
        assertUsage(Run.scctl("i2c", "get", "-y", "3", "0x02", "0"), "0x08..0x77");
        assertUsage(Run.scctl("i2c", "get", "-y", "3", "0x23", "0x100"), "data address");
        assertUsage(Run.scctl("i2c", "get", "-y", "3", "0x23", "0", "q"), "mode 'q'");
        assertUsage(Run.scctl("i2c", "get", "-y", "99", "0x23", "0"), "I2C bus 99 does not exist");
        assertUsage(Run.scctl("i2c", "set", "-y", "3", "0x23", "0x10", "0x100"), "value '0x100' is out of range");
        assertUsage(Run.scctl("i2c", "set", "-y", "3", "0x23", "0x10", "0x1ffff", "w"), "value '0x1ffff' is out of range");
        assertUsage(Run.scctl("i2c", "set", "-y", "3", "zz", "0x10", "1"), "is not a number");
        assertUsage(Run.scctl("i2c", "get"), "Missing required parameter");
    }

    @Test
    void hungBusIsAHardwareFailureNamingTheBus() {
        Run r = Run.scctl("--sim-fault", "hang:3", "i2c", "get", "-y", "3", "0x23", "0");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("scctl: I2C bus 3, address 0x23, register 0x00: the transaction timed out"), r::toString);
        assertEquals(1, r.err().lines().count(), "one line, no stack trace");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run r = Run.scctl("--verbose", "--sim-fault", "hang:3", "i2c", "get", "-y", "3", "0x23", "0");
        assertTrue(r.err().lines().count() > 2, r::toString);
    }

    @Test
    void detectShowsTheBoardDeviceAndHungBusAsEmpty() {
        Run r = Run.scctl("i2c", "detect", "-y", "3");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("     0  1  2  3"), r::toString);
        assertTrue(r.out().contains("20: -- -- -- 23 --"), r::toString);
        Run hung = Run.scctl("--sim-fault", "hang:3", "i2c", "detect", "-y", "3");
        assertTrue(!hung.out().contains(" 23"), hung::toString);
    }

    @Test
    void detectListsFunctionalityAndBuses() {
        Run f = Run.scctl("i2c", "detect", "-F", "3");
        assertEquals(0, f.code(), f::toString);
        assertTrue(f.out().contains("SMBus Read Byte"), f::toString);
        Run l = Run.scctl("i2c", "detect", "-l");
        assertTrue(l.out().contains("i2c-17"), l::toString);
    }

    @Test
    void dumpPrintsTheRegisterMap() {
        Run r = Run.scctl("i2c", "dump", "-y", "-r", "0x00-0x1f", "3", "0x23");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("00: 5a")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("10: 00")), r::toString);
        assertUsage(Run.scctl("i2c", "dump", "-y", "-r", "0x20-0x10", "3", "0x23"), "last register");
    }

    @Test
    void transferWritesTheRegisterPointerThenReads() {
        Run r = Run.scctl("i2c", "transfer", "-y", "3", "w1@0x23", "0x00", "r1");
        assertEquals(0, r.code(), r::toString);
        assertEquals("0x5a\n", r.out());
    }

    @Test
    void transferBadDescriptionsAreUsageErrors() {
        assertUsage(Run.scctl("i2c", "transfer", "-y", "3", "x1@0x23"), "message description");
        assertUsage(Run.scctl("i2c", "transfer", "-y", "3", "r1"), "needs an address");
        assertUsage(Run.scctl("i2c", "transfer", "-y", "3", "w2@0x23", "0x00"), "needs 2 data bytes");
        Run noYes = Run.scctl("i2c", "transfer", "3", "w1@0x23", "0x00");
        assertEquals(0, noYes.code(), noYes::toString);
        assertTrue(noYes.err().contains("nothing written"), noYes::toString);
    }

    static void assertUsage(Run r, String fragment) {
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains(fragment), () -> "expected '" + fragment + "' in\n" + r);
        assertEquals(1, r.err().lines().count(), () -> "one line:\n" + r);
    }

    @Test
    void forceReachesTheChipButDoesNotWidenTheRange() {
        Run forced = Run.scctl("i2c", "get", "-y", "-f", "3", "0x23", "0");
        assertEquals(0, forced.code(), forced.err());
        Run reserved = Run.scctl("i2c", "get", "-y", "-f", "3", "0x78", "0");
        assertEquals(2, reserved.code(), reserved.err());
        assertTrue(reserved.err().contains("-a for 0x00..0x7f"), reserved.err());
    }
}
