package dev.pairlock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the control socket may be bound, and what it never does to a path that is not its own. */
class ControlSocketTest {
    @TempDir
    Path dir;

    private static ControlServer start(Path socket) throws IOException {
        return ControlServer.start(socket, Optional.empty(), new HandlerRegistry());
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".control-")).toList();
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsRefusedAndLeftAlone() throws IOException {
        Path state = dir.resolve("failover.state");
        Files.writeString(state, "epoch=7\n");
        IOException e = assertThrows(IOException.class, () -> start(state));
        assertTrue(e.getMessage().contains("is a regular file, not a control socket"), e.getMessage());
        assertEquals("epoch=7\n", Files.readString(state), "a typo in control.socket must not cost the file");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aSymbolicLinkAtTheSocketPathIsRefusedAndLeftAlone() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("control.sock"), target);
        IOException e = assertThrows(IOException.class, () -> start(link));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("x", Files.readString(target));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.sock"), dir.resolve("nowhere"));
        assertThrows(IOException.class, () -> start(dangling));
        assertTrue(Files.isSymbolicLink(dangling));
    }

    @Test
    void aDirectoryEveryUserMayWriteIsRefusedUnlessSticky() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> start(open.resolve("control.sock")));
        assertTrue(e.getMessage().contains("writable by every user") && e.getMessage().contains("chmod o-w " + open),
                e.getMessage());
        assertTrue(Files.notExists(open.resolve("control.sock"), LinkOption.NOFOLLOW_LINKS));

        Files.setAttribute(open, "unix:mode", 01777); // as /tmp: others cannot remove or rename our socket
        try (ControlServer s = start(open.resolve("control.sock"))) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.socket())));
        }
    }

    @Test
    void theSocketAppearsWithItsModeAndNoScratchIsLeft() throws IOException {
        Path socket = dir.resolve("control.sock");
        try (ControlServer s = start(socket); ControlClient c = ControlClient.connect(socket)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals(List.of(), leftovers(), "the private directory it was bound in is gone");
            assertEquals("unknown_op", assertThrows(ControlException.class, () -> c.call("no.such.op", java.util.Map.of(), 5_000)).code());
        }
        assertTrue(Files.notExists(socket, LinkOption.NOFOLLOW_LINKS), "removed on close");
    }
}
