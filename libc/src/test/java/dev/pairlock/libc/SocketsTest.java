package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * socket + sendto against a real receiving AF_UNIX datagram socket, opened by an independent
 * client (python3's socket module: the JDK has no Unix datagram sockets), on a path and in the
 * abstract namespace.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketsTest {
    @TempDir
    Path dir;

    /** Starts python3 receiving one datagram on {@code address}; it prints "ready", then the datagram. */
    private static Process receiver(String address) throws IOException {
        String py = "import socket,sys\n"
                + "a=sys.argv[1]\n"
                + "a='\\0'+a[1:] if a.startswith('@') else a\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
                + "s.bind(a)\n"
                + "s.settimeout(60)\n"
                + "print('ready',flush=True)\n"
                + "print(s.recv(4096).decode(),flush=True)\n";
        return new ProcessBuilder("python3", "-c", py, address).redirectErrorStream(true).start();
    }

    private static String sendOne(String address, String message) throws Exception {
        Process p = receiver(address);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Arena arena = Arena.ofConfined()) {
            assertEquals("ready", out.readLine());
            CallState cs = CallState.allocate(arena, 256);
            int fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC, 0);
            try {
                MemorySegment buf = cs.scratch();
                byte[] m = message.getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(m, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, m.length);
                assertEquals(m.length, Sockets.sendto(cs, fd, buf, m.length, Sockets.MSG_NOSIGNAL, Sockets.unixAddress(arena, address)));
            } finally {
                Libc.close(cs, fd);
            }
            String got = out.readLine();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            return got;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aDatagramReachesASocketOnAPath() throws Exception {
        Path sock = dir.resolve("notify.sock");
        assertEquals("READY=1", sendOne(sock.toString(), "READY=1"));
    }

    @Test
    void aDatagramReachesASocketInTheAbstractNamespace() throws Exception {
        String name = "@pairlock-daemon-test-" + ProcessHandle.current().pid();
        assertEquals("WATCHDOG=1", sendOne(name, "WATCHDOG=1"));
    }

    @Test
    void noReceiverIsATypedErrnoAndTheAddressIsSizedAsTheKernelWantsIt() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena, 16);
            int fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC, 0);
            try {
                MemorySegment to = Sockets.unixAddress(arena, dir.resolve("nobody.sock").toString());
                assertEquals(2 + dir.resolve("nobody.sock").toString().length() + 1, to.byteSize());
                assertEquals(2 + 1 + 3, Sockets.unixAddress(arena, "@abc").byteSize(), "abstract: no trailing NUL");
                ErrnoException e = assertThrows(ErrnoException.class, () -> Sockets.sendto(cs, fd, cs.scratch(), 1, 0, to));
                assertEquals(NativeErrno.ENOENT, e.number());
                Files.writeString(dir.resolve("plain"), "x");
                ErrnoException refused = assertThrows(ErrnoException.class,
                        () -> Sockets.sendto(cs, fd, cs.scratch(), 1, 0, Sockets.unixAddress(arena, dir.resolve("plain").toString())));
                assertEquals(111, refused.number(), "ECONNREFUSED: a file that is not a socket");
                assertTrue(refused.getMessage().startsWith("sendto("), refused.getMessage());
            } finally {
                Libc.close(cs, fd);
            }
            assertThrows(IllegalArgumentException.class, () -> Sockets.unixAddress(arena, "/" + "x".repeat(120)));
        }
    }
}
