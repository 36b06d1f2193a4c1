package dev.pairlock.control;

import java.io.IOException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.UnixDomainPrincipal;

/** Credentials and a group database the tests make up: they run as root, and play other users with these. */
final class Peers {
    private Peers() {
    }

    /** A user or group by name; equal when the names are (the JDK's own compare by id). */
    record Name(String getName) implements UserPrincipal, GroupPrincipal {
    }

    static final UserPrincipal ROOT = new Name("root");

    static UnixDomainPrincipal peer(String user, String primaryGroup) {
        return new UnixDomainPrincipal(new Name(user), new Name(primaryGroup));
    }

    /** A group database of given memberships; counts its lookups, and fails them when told to. */
    static final class Groups implements AccessPolicy.GroupDatabase {
        final Map<String, Set<String>> groupsOf = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();
        volatile String failure; // set: every lookup fails with this

        Groups member(String user, String... groups) {
            groupsOf.put(user, Set.copyOf(List.of(groups)));
            return this;
        }

        @Override
        public boolean exists(String group) {
            return groupsOf.values().stream().anyMatch(g -> g.contains(group));
        }

        @Override
        public Set<String> groupsOf(String user) throws IOException {
            lookups.incrementAndGet();
            if (failure != null) {
                throw new IOException(failure);
            }
            Set<String> g = groupsOf.get(user);
            if (g == null) {
                throw new IOException("id: '" + user + "': no such user");
            }
            return g;
        }
    }
}
