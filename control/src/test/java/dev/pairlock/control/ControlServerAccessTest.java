package dev.pairlock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may run an admin operation, on a real socket: the credential source is the test's, so the
 * test (run as root) plays an operator, an administrator, or a peer whose credentials are unreadable.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlServerAccessTest {
    @TempDir
    Path dir;
    Path socket;
    ControlServer server;
    final AtomicInteger wiped = new AtomicInteger();
    /** Who the next connection is; null: its credentials cannot be read. */
    final AtomicReference<UnixDomainPrincipal> playing = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("control.sock");
        HandlerRegistry r = new HandlerRegistry()
                .register("records.show", Access.READ, "lists", ArgSpec.none(), (args, s) -> Map.of("records", 3 - wiped.get() * 3))
                .register("records.wipe", Access.ADMIN, "destroys", ArgSpec.none(), (args, s) -> Map.of("wiped", wiped.incrementAndGet()))
                .registerHelp();
        Peers.Groups groups = new Peers.Groups().member("alice", "alice", "pairlock", "pairlock-admin").member("bob", "bob", "pairlock");
        AccessPolicy policy = AccessPolicy.of("pairlock-admin", Peers.ROOT, ch -> {
            UnixDomainPrincipal p = playing.get();
            if (p == null) {
                throw new IOException("SO_PEERCRED: operation not supported");
            }
            return p;
        }, groups);
        server = ControlServer.start(socket, Optional.empty(), r, policy);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Object call(String op) {
        try (ControlClient c = ControlClient.connect(socket)) {
            return c.call(op, Map.of(), 5_000);
        }
    }

    @Test
    void anOperatorMayReadButNotWipeAndIsToldWhatToDo() {
        playing.set(Peers.peer("bob", "pairlock"));
        try (ControlClient c = ControlClient.connect(socket)) {
            assertEquals(Map.of("records", 3L), c.call("records.show", Map.of(), 5_000));
            ControlException e = assertThrows(ControlException.class, () -> c.call("records.wipe", Map.of(), 5_000));
            assertEquals("permission_denied", e.code());
            // "pairlockd's user root": the test's root is a made-up user, the socket's owner the real root
            assertEquals("records.wipe needs an administrator (root, pairlockd's user root or a member of group pairlock-admin)"
                    + " and user bob is not one:"
                    + " add bob to group pairlock-admin (usermod -aG pairlock-admin bob) or run it as root", e.getMessage());
            assertEquals(Map.of("records", 3L), c.call("records.show", Map.of(), 5_000), "the connection goes on");
        }
        assertEquals(0, wiped.get(), "the handler never ran");
        assertEquals(1, server.refused());
    }

    @Test
    void anAdministratorMayWipe() {
        playing.set(Peers.peer("alice", "alice"));
        assertEquals(Map.of("wiped", 1L), call("records.wipe"));
        playing.set(Peers.peer("root", "root"));
        assertEquals(Map.of("wiped", 2L), call("records.wipe"));
        playing.set(Peers.peer("carol", "pairlock-admin")); // e.g. under sg pairlock-admin
        assertEquals(Map.of("wiped", 3L), call("records.wipe"));
    }

    /** The daemon's own user is the socket's owner, a real principal compared by uid (here root's, as the test runs). */
    @Test
    void theSocketsOwnerIsAnAdministrator() throws IOException {
        playing.set(new UnixDomainPrincipal(Files.getOwner(socket), new Peers.Name("nogroup")));
        assertEquals(Map.of("wiped", 1L), call("records.wipe"));
    }

    @Test
    void aConnectionWhoseCredentialsCannotBeReadMayOnlyRead() {
        playing.set(null);
        assertEquals(Map.of("records", 3L), call("records.show"));
        ControlException e = assertThrows(ControlException.class, () -> call("records.wipe"));
        assertEquals("permission_denied", e.code());
        assertTrue(e.getMessage().contains("credentials of this connection could not be read"), e.getMessage());
        assertEquals(0, wiped.get());
    }

    @Test
    void helpSaysWhichOperationsNeedAnAdministrator() {
        playing.set(Peers.peer("bob", "pairlock"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ops = (List<Map<String, Object>>) ((Map<String, Object>) call("help")).get("operations");
        assertEquals(List.of("help read", "records.show read", "records.wipe admin"),
                ops.stream().map(o -> o.get("op") + " " + o.get("access")).toList());
    }

    /** The JDK's SO_PEERCRED on a real connection: this process is the socket's owner, so an administrator. */
    @Test
    void theKernelsCredentialsNameTheConnectingProcess() throws IOException {
        Path real = dir.resolve("real.sock");
        HandlerRegistry r = new HandlerRegistry().register("records.wipe", Access.ADMIN, "destroys", ArgSpec.none(),
                (args, s) -> Map.of("wiped", wiped.incrementAndGet()));
        try (ControlServer kernel = ControlServer.start(real, Optional.empty(), r, AccessPolicy.system("no-such-group-pairlock-test"));
             ControlClient c = ControlClient.connect(real)) {
            assertEquals(Map.of("wiped", 1L), c.call("records.wipe", Map.of(), 5_000));
        }
    }
}
