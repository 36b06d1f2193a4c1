package dev.pairlock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;

/** The administrator decision on made-up credentials and group databases; the system's parts it relies on. */
class AccessPolicyTest {
    private static final HandlerRegistry.Operation SET = new HandlerRegistry.Operation("failover.set", Access.ADMIN, "", ArgSpec.none(),
            (a, s) -> null);
    private static final HandlerRegistry.Operation SHOW = new HandlerRegistry.Operation("failover.show", Access.READ, "",
            ArgSpec.none(), (a, s) -> null);
    private static final UserPrincipal DAEMON = new Peers.Name("pairlock");

    private final Peers.Groups groups = new Peers.Groups().member("alice", "alice", "pairlock", "pairlock-admin")
            .member("bob", "bob", "pairlock");
    private final AccessPolicy policy = AccessPolicy.of("pairlock-admin", Peers.ROOT, ch -> null, groups);

    private AccessPolicy.Decision decide(HandlerRegistry.Operation op, String user, String group) {
        return policy.decide(op, Peers.peer(user, group), DAEMON);
    }

    @Test
    void anyoneWhoMayConnectMayRead() {
        assertTrue(decide(SHOW, "bob", "bob").allowed());
        assertTrue(policy.decide(SHOW, null, DAEMON).allowed(), "even with unreadable credentials: the socket's mode let it in");
        assertEquals(0, groups.lookups.get(), "a read looks nothing up");
    }

    @Test
    void rootAndTheDaemonsOwnUserAreAdministratorsWithoutALookup() {
        assertEquals(new AccessPolicy.Decision(true, "root"), decide(SET, "root", "root"));
        assertEquals(new AccessPolicy.Decision(true, "pairlockd's own user"), decide(SET, "pairlock", "pairlock"));
        assertEquals(0, groups.lookups.get());
    }

    @Test
    void aProcessWhosePrimaryGroupIsTheAdminGroupIsOneWithoutALookup() {
        groups.failure = "the database is down"; // not asked
        assertEquals(new AccessPolicy.Decision(true, "primary group pairlock-admin"), decide(SET, "carol", "pairlock-admin"));
        assertEquals(0, groups.lookups.get());
    }

    @Test
    void aMemberOfTheAdminGroupInTheDatabaseIsOne() {
        assertEquals(new AccessPolicy.Decision(true, "member of group pairlock-admin"), decide(SET, "alice", "alice"));
        assertEquals(1, groups.lookups.get(), "looked up at the request");
    }

    @Test
    void anOperatorIsRefusedWithTheOperationTheUserAndWhatToDo() {
        AccessPolicy.Decision d = decide(SET, "bob", "pairlock");
        assertFalse(d.allowed());
        assertEquals("failover.set needs an administrator (root, pairlockd's user pairlock or a member of group pairlock-admin)"
                + " and user bob is not one: add bob to group pairlock-admin (usermod -aG pairlock-admin bob) or run it as root",
                d.message());
    }

    @Test
    void whenTheDaemonRunsAsRootTheMessageDoesNotNameItTwice() {
        AccessPolicy.Decision d = policy.decide(SET, Peers.peer("bob", "pairlock"), Peers.ROOT);
        assertTrue(d.message().startsWith("failover.set needs an administrator (root or a member of group pairlock-admin) and user bob"),
                d.message());
        assertFalse(policy.decide(SET, Peers.peer("bob", "pairlock"), null).allowed(), "an unknown daemon user trusts no one more");
    }

    @Test
    void withNoAdminGroupOnTheSystemOnlyRootAndTheDaemonsUserAre() {
        AccessPolicy none = AccessPolicy.of("sc-admins", Peers.ROOT, ch -> null, groups);
        AccessPolicy.Decision d = none.decide(SET, Peers.peer("alice", "alice"), DAEMON);
        assertFalse(d.allowed());
        assertEquals("failover.set needs an administrator (root, pairlockd's user pairlock; there is no group sc-admins on this SC)"
                + " and user alice is not one: run it as root, or create the group and add alice to it"
                + " (groupadd --system sc-admins; usermod -aG sc-admins alice)", d.message());
        assertEquals(0, groups.lookups.get(), "no group: nothing to look up");
        assertTrue(none.decide(SET, Peers.peer("root", "root"), DAEMON).allowed());
        assertTrue(none.decide(SET, Peers.peer("pairlock", "pairlock"), DAEMON).allowed());
    }

    @Test
    void aLookupThatFailsRefusesAndSaysWhy() {
        groups.failure = "/usr/bin/id -Gn bob did not answer within 5000 ms (a slow user database?)";
        AccessPolicy.Decision d = decide(SET, "bob", "pairlock");
        assertFalse(d.allowed());
        assertTrue(d.message().endsWith(" and whether user bob is in group pairlock-admin could not be looked up"
                + " (/usr/bin/id -Gn bob did not answer within 5000 ms (a slow user database?)): run it as root"), d.message());
    }

    @Test
    void unreadableCredentialsAreNoAdministrator() {
        AccessPolicy.Decision d = policy.decide(SET, null, DAEMON);
        assertFalse(d.allowed());
        assertEquals("failover.set needs an administrator, and the credentials of this connection could not be read"
                + " (pairlockd logged why): not run", d.message());
    }

    /** What the system policy relies on: the JDK's users compare by uid, not by name. */
    @Test
    void theJdksUsersAreEqualByUid() throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal byName = lookup.lookupPrincipalByName("root");
        UserPrincipal byNumber = lookup.lookupPrincipalByName("0");
        assertNotEquals(byName.getName(), byNumber.getName());
        assertEquals(byName, byNumber);
    }

    /** The real group database: id(1) through NSS. */
    @Test
    void theSystemsGroupDatabase() throws IOException {
        SystemGroups system = new SystemGroups();
        assertTrue(system.exists("root"));
        assertFalse(system.exists("no-such-group-pairlock-test"));
        assertTrue(system.groupsOf("root").contains("root"), "root's primary group");
        IOException e = assertThrows(IOException.class, () -> system.groupsOf("no-such-user-pairlock-test"));
        assertEquals("/usr/bin/id: 'no-such-user-pairlock-test': no such user", e.getMessage());
        assertThrows(IOException.class, () -> system.groupsOf("-G"), "a name that looks like an option is a name");
    }
}
