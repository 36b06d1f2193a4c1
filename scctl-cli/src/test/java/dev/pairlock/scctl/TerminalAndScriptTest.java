package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cDevice;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a user at a terminal or a script meets: pipes that close, piped answers, i2cdump's bank, option ranges and messages. */
class TerminalAndScriptTest {
    /** i2cdump asks before it switches a bank (a register write); "no answer" writes and dumps nothing. */
    @Test
    void dumpAsksBeforeWritingTheBankRegister() {
        Run r = Run.withInput(null, "i2c", "dump", "3", "0x23", "b", "2", "0x4e");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("Continue? [y/N]") && r.err().contains("nothing written"), r::toString);
    }

    /** i2cdump puts back the bank register's old value (old_bank), not bank 0. */
    @Test
    void dumpRestoresTheOldBankRegisterValue() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Scctl root = new Scctl();
        String[] args = {"i2c", "dump", "-y", "-r", "0x00-0x0f", "3", "0x23", "b", "2", "0x4e"};
        CommandLine cl = Scctl.newCommandLine(root, args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.parseArgs(args); // the global options' defaults, which the session is opened with
        I2cDevice board = root.session(cl).hw().buses().bus(3).device(I2cAddress.of(0x23));
        board.writeByteData(0x4e, 0x13); // a driver left the chip in bank 3, with high bits set
        int code = cl.execute(args);
        assertEquals(0, code, () -> out + "\n" + err);
        assertEquals(0x13, board.readByteData(0x4e), () -> "bank register after the dump\n" + out + err);
    }

    /** printf 'y\nget\nexit\n' | scctl gpio set -i hb-out=1: the prompt must not swallow the commands after "y". */
    @Test
    void interactiveCommandsAfterTheConfirmationAreRead() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("y\nget\nexit\n".getBytes(StandardCharsets.UTF_8)));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] args = {"gpio", "set", "-i", "hb-out=1"};
            CommandLine cl = Scctl.newCommandLine(new Scctl(), args); // the real stdin, as main has it
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            assertEquals(0, code, () -> out + "\n" + err);
            assertEquals("\"hb-out\"=active\n", out.toString(), () -> "stdout\n" + out + "stderr\n" + err);
        } finally {
            System.setIn(saved);
        }
    }

    /** scctl gpio monitor ... | head -1: once stdout is gone, stop at once and end quietly with 0, as gpiomon. */
    @Test
    void monitorEndsQuietlyWhenStdoutIsClosed() {
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        StringWriter err = new StringWriter();
        String[] args = {"gpio", "monitor", "--timeout", "60s", "hb-in"};
        CommandLine cl = Scctl.newCommandLine(new Scctl(), args);
        cl.setOut(new PrintWriter(closedPipe, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertEquals(0, code, err::toString);
        assertEquals("", err.toString(), "no summary of edges nobody could read");
    }

    /** events -n goes through the one parser: ASCII digits only, 0x hex as everywhere else. */
    @Test
    void eventsCountIsParsedLikeEveryOtherNumber() {
        Run arabic = Run.scctl("--backend", "linux", "events", "-n", "\u0663");
        assertEquals(2, arabic.code(), arabic::toString);
        assertTrue(arabic.err().contains("non-ASCII character U+0663"), arabic::toString);
        Run hex = Run.scctl("--backend", "linux", "events", "-n", "0x10000");
        assertEquals(2, hex.code(), hex::toString);
        assertTrue(hex.err().contains("-n/--last '0x10000' is out of range"), hex::toString);
    }

    /** gpiomon's debounce is in microseconds; and a bad period names its option. */
    @Test
    void periodsNameTheirOptionAndDebounceTakesMicroseconds() {
        Run us = Run.scctl("gpio", "monitor", "-p", "500us", "-n", "1", "hb-in");
        assertEquals(0, us.code(), us::toString);
        Run bare = Run.scctl("gpio", "monitor", "--timeout", "5", "hb-in");
        assertEquals(2, bare.code(), bare::toString);
        assertTrue(bare.err().contains("--timeout '5' has no unit"), bare::toString);
    }

    /** Without -a the range is 0x08..0x77: the message for 0x80 says so, not "0x0..0x7F". */
    @Test
    void anAddressOutOfRangeNamesTheRangeThatApplies() {
        Run r = Run.scctl("i2c", "get", "-y", "3", "0x80", "0");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("chip address '0x80' is out of range: valid is 0x08..0x77 (-a for 0x00..0x7f)"), r::toString);
        Run all = Run.scctl("i2c", "get", "-y", "-a", "3", "0x80", "0");
        assertTrue(all.err().contains("valid is 0x00..0x7f"), all::toString);
    }
}
