package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.Emitter;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SystemEventLog;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.platform.PlatformFile;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scctl ... | head -1}: once the reader is gone a command that prints as things happen stops at
 * the first failed write, quietly and with exit 0, as gpio monitor does (TerminalAndScriptTest) and
 * gpiomon on SIGPIPE. The pipes here are real: the reading end is closed, so the write fails with EPIPE.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClosedStdoutTest {
    @TempDir
    Path dir;

    /** A pipe whose reader already exited, counting the writes that reach it (each one a failed write(2)). */
    static final class ClosedPipe extends FilterOutputStream {
        final AtomicInteger writes = new AtomicInteger();

        ClosedPipe() throws IOException {
            super(openPipe());
        }

        private static OutputStream openPipe() throws IOException {
            Pipe p = Pipe.open();
            p.source().close(); // the reader exited: head -1 after its line
            return Channels.newOutputStream(p.sink());
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writes.incrementAndGet();
            out.write(b, off, len);
        }

        @Override
        public void write(int b) throws IOException {
            writes.incrementAndGet();
            out.write(b);
        }
    }

    record Ended(int code, int writes, String err) {
    }

    static Ended run(Scctl root, String... args) throws IOException {
        try (ClosedPipe pipe = new ClosedPipe()) {
            StringWriter err = new StringWriter();
            CommandLine cl = Scctl.newCommandLine(root, args);
            cl.setOut(new PrintWriter(pipe, true)); // as main's writer over fd 1: a failed write shows in checkError
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Ended(code, pipe.writes.get(), err.toString());
        }
    }

    /** heartbeat watch | head -1: ten beats a second for a minute would be 600 writes into nothing. */
    @Test
    void heartbeatWatchStopsAtTheFirstFailedWrite() throws IOException {
        Ended e = run(new Scctl(), "heartbeat", "watch", "--duration", "60s");
        assertEquals(0, e.code(), e::toString);
        assertEquals(1, e.writes(), () -> "one beat tried, then the watch ended: " + e);
        assertEquals("", e.err(), "no summary and no error for a reader that left");
    }

    /** events --follow | head -1 through pairlockd: the stream's events stop at the first failed write. */
    @Test
    void eventsFollowStopsAtTheFirstFailedWrite() throws IOException {
        HandlerRegistry handlers = new HandlerRegistry().register("events", dev.pairlock.control.Access.READ, "a stream", ArgSpec.none()
                .optional("last", new ArgSpec.Int(0, 10_000)).optional("follow", new ArgSpec.Flag()), (args, s) -> {
                    Emitter em = s.open();
                    // queued until the reply is out, then sent; the stream stays open, as pairlockd's does
                    for (int i = 1; i <= 500 && em.send(event(i)); i++) {
                        // every event until scctl hangs up
                    }
                    return Map.of("events", List.of());
                });
        try (FakeDaemon d = FakeDaemon.start(dir, handlers)) {
            Ended e = run(new Scctl(), d.args("events", "--follow", "-n", "0"));
            assertEquals(0, e.code(), e::toString);
            assertEquals(1, e.writes(), () -> "one event tried, then the follow ended: " + e);
            assertEquals("", e.err(), e::toString);
        }
    }

    /**
     * The same when the first events come with the answer and nothing follows for hours: scctl must not
     * wait for the next event to notice.
     */
    @Test
    void eventsFollowEndsWhileTheStreamIsQuiet() throws IOException {
        HandlerRegistry handlers = new HandlerRegistry().register("events", dev.pairlock.control.Access.READ, "a quiet stream", ArgSpec.none()
                .optional("last", new ArgSpec.Int(0, 10_000)).optional("follow", new ArgSpec.Flag()), (args, s) -> {
                    s.open(); // open, and silent until scctl hangs up
                    return Map.of("events", List.of(event(1), event(2), event(3)));
                });
        try (FakeDaemon d = FakeDaemon.start(dir, handlers)) {
            Ended e = run(new Scctl(), d.args("events", "--follow"));
            assertEquals(0, e.code(), e::toString);
            assertEquals(1, e.writes(), e::toString);
        }
    }

    /** events --follow | head -1 with pairlockd down: the files' follow loop ends too, instead of polling forever. */
    @Test
    void eventsFollowOnTheFilesEndsAtTheFirstFailedWrite() throws IOException {
        Path conf = FakeDaemon.platformFile(dir);
        SelConfig sel = SelConfig.parse(ConfigFile.read(conf), ScId.SC0, PlatformFile.read(conf).config().stateDir());
        try (SystemEventLog log = SystemEventLog.open(sel, ScId.SC0, SystemClock.INSTANCE, InstantSource.system())) {
            for (int i = 0; i < 3; i++) {
                log.appendDurably(EventDraft.of(EventKind.DAEMON_STARTED, Role.UNKNOWN, 0));
            }
        }
        Ended e = run(new Scctl(), "--backend", "linux", "--config", conf.toString(), "events", "--follow");
        assertEquals(0, e.code(), e::toString);
        assertEquals(1, e.writes(), e::toString);
    }

    static Map<String, Object> event(int seq) {
        return Map.of("seq", (long) seq, "time", "2026-12-01T10:00:00Z", "sc", "sc0", "severity", "info", "kind", "role_changed",
                "epoch", 1L, "message", "MAIN");
    }
}
