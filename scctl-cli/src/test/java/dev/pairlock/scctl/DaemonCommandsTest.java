package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.PairKey;
import dev.pairlock.control.Access;
import dev.pairlock.control.AccessPolicy;
import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.ControlServer;
import dev.pairlock.control.HandlerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon-facing commands without a daemon, and the pair-key generator. (With a daemon: daemon/'s ScctlAgainstDaemonTest.) */
class DaemonCommandsTest {
    @TempDir
    Path dir;

    private Path platformFile() throws Exception {
        Path f = dir.resolve("sc0.conf");
        // a state dir of its own: with none, 'events' reads the default state dir's SEL, which another run may have left
        Files.writeString(f, "sc = sc0\ncontrol.socket = " + dir.resolve("control.sock") + "\nstate.dir = " + dir.resolve("state") + "\n");
        return f;
    }

    @Test
    void withNoDaemonRunningEachCommandSaysSoInOneLineAndExits1() throws Exception {
        String conf = platformFile().toString();
        for (String[] cmd : new String[][] {{"failover", "show"}, {"failover", "off"}, {"failover", "on"},
            {"failover", "force", "-y"}, {"events"}, {"events", "--follow"}}) {
            String[] args = new String[cmd.length + 4];
            args[0] = "--backend";
            args[1] = "linux";
            args[2] = "--config";
            args[3] = conf;
            System.arraycopy(cmd, 0, args, 4, cmd.length);
            Run r = Run.scctl(args);
            assertEquals(1, r.code(), r::toString);
            assertEquals("scctl: no pairlockd is running (no control socket at " + dir.resolve("control.sock") + ")\n",
                    r.err(), r::toString);
            assertEquals("", r.out());
        }
    }

    /** A made-up user or group: the test (run as root) plays an operator. */
    record Name(String getName) implements UserPrincipal, GroupPrincipal {
    }

    /** pairlockd's refusal of an administrator's operation is scctl's one line on stderr, exit 1, nothing on stdout. */
    @Test
    void anOperatorRefusedByTheDaemonGetsItsMessageAndExit1() throws Exception {
        String conf = platformFile().toString();
        AtomicInteger sets = new AtomicInteger();
        HandlerRegistry r = new HandlerRegistry().register("failover.set", Access.ADMIN, "setfailover",
                ArgSpec.none().required("mode", new ArgSpec.OneOf(List.of("on", "off", "force"))),
                (args, stream) -> Map.of("failover", args.choice("mode", ""), "message", "set " + sets.incrementAndGet()));
        AccessPolicy bob = AccessPolicy.of("pairlock-admin", new Name("root"), ch -> new UnixDomainPrincipal(new Name("bob"),
                new Name("pairlock")), new AccessPolicy.GroupDatabase() {
                    @Override
                    public boolean exists(String group) {
                        return true;
                    }

                    @Override
                    public Set<String> groupsOf(String user) {
                        return Set.of("bob", "pairlock");
                    }
                });
        try (ControlServer daemon = ControlServer.start(dir.resolve("control.sock"), Optional.empty(), r, bob)) {
            Run off = Run.scctl("--backend", "linux", "--config", conf, "failover", "off");
            assertEquals(1, off.code(), off::toString);
            assertEquals("", off.out(), off::toString);
            assertTrue(off.err().startsWith("scctl: failover.set needs an administrator (root, pairlockd's user "), off::toString);
            assertTrue(off.err().endsWith(" or a member of group pairlock-admin) and user bob is not one: add bob to group"
                    + " pairlock-admin (usermod -aG pairlock-admin bob) or run it as root\n"), off::toString);
            assertEquals(1, off.err().lines().count(), off::toString);
        }
        assertEquals(0, sets.get(), "the daemon never ran it");
    }

    @Test
    void eventsNeedsTheLinuxBackend() {
        Run r = Run.scctl("events");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("needs --backend linux"), r::toString);
    }

    @Test
    void peerKeyGenerateWritesAnOwnerOnlyKeyThatLoadsAndNeverOverwrites() throws Exception {
        Path key = dir.resolve("pair.key");
        Run r = Run.scctl("peer-key", "generate", key.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("wrote a new pair key to " + key), r::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(65, Files.size(key), "64 hex digits and a newline");
        PairKey.load(key); // what pairlockd reads
        String before = Files.readString(key);
        Run again = Run.scctl("peer-key", "generate", key.toString());
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("already exists"), again::toString);
        assertEquals(before, Files.readString(key), "the first key is untouched");
    }
}
