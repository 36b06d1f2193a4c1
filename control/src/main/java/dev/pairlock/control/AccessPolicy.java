package dev.pairlock.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Objects;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may run an {@link Access#ADMIN} operation: Sun's SMS split of operator (platoper: the show
 * commands) and administrator (platadm: what changes the platform). Anyone who may connect to the
 * socket (root and group {@code pairlock}, mode 0660) may read; an administrator is
 * <ul>
 * <li>root (uid 0), or pairlockd's own user (the owner of the socket, who could chmod it anyway);</li>
 * <li>a process whose primary group, as the kernel reports it for the connection, is the admin group
 *     (e.g. under {@code sg pairlock-admin}); or</li>
 * <li>a user the group database makes a member of the admin group, primary or supplementary
 *     ({@code control.admin_group}, default {@value #DEFAULT_ADMIN_GROUP}), looked up at each request.</li>
 * </ul>
 * A group that does not exist makes no one a member: then only root and pairlockd's user are.
 *
 * <p>Why the group database for supplementary groups, not the connecting process's own: the JDK's
 * {@code SO_PEERCRED} gives the peer's uid and gid but no pid, so its {@code /proc/PID/status}
 * "Groups:" cannot be read, and a pid found another way (matching socket inodes in /proc) could be
 * reused by another process by the time it is read. The database ({@code id -Gn USER}: getgrouplist
 * through NSS, the check sshd's AllowGroups and polkit's unix-group make) is what the administrator
 * wrote; it differs from a running session's groups only until that user logs in again, and in the
 * safe direction for a removal (a user taken out of the group is refused at once, even in an old
 * session). An addition takes effect at once too, which is what the administrator who made it meant.
 * Users are compared by uid: the JDK's principals are equal when their ids are.
 */
public final class AccessPolicy {
    /** The admin group when the platform file names none ({@code control.admin_group}). */
    public static final String DEFAULT_ADMIN_GROUP = "pairlock-admin";
    /** The error code of a refusal. */
    public static final String PERMISSION_DENIED = "permission_denied";

    /** Who is at the other end of an accepted connection. */
    @FunctionalInterface
    public interface Credentials {
        /**
         * The kernel's {@code SO_PEERCRED}: the uid and gid of the process that connected, as they were
         * when it called connect(2) (a later setuid in the client does not change them).
         */
        Credentials KERNEL = ch -> ch.getOption(ExtendedSocketOptions.SO_PEERCRED);

        UnixDomainPrincipal of(SocketChannel accepted) throws IOException;
    }

    /** The system's group database, by name. */
    public interface GroupDatabase {
        boolean exists(String group) throws IOException;

        /** The groups {@code user} is in: its primary group and every group that lists it. */
        Set<String> groupsOf(String user) throws IOException;
    }

    /**
     * Whether a peer may run an operation; {@code message} is, when allowed, why (for the daemon's log),
     * else the refusal's one line for the operator: the operation, the user and what to do.
     */
    public record Decision(boolean allowed, String message) {
    }

    private final String adminGroup;
    private final UserPrincipal root;
    private final Credentials credentials;
    private final GroupDatabase groups;

    private AccessPolicy(String adminGroup, UserPrincipal root, Credentials credentials, GroupDatabase groups) {
        this.adminGroup = Objects.requireNonNull(adminGroup);
        this.root = Objects.requireNonNull(root);
        this.credentials = Objects.requireNonNull(credentials);
        this.groups = Objects.requireNonNull(groups);
    }

    /** The policy pairlockd runs: the kernel's credentials, uid 0 as root, the system's group database. */
    public static AccessPolicy system(String adminGroup) throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal root;
        try {
            root = lookup.lookupPrincipalByName("root");
        } catch (UserPrincipalNotFoundException e) {
            root = lookup.lookupPrincipalByName("0"); // no passwd entry named root: the JDK takes the number as a uid
        }
        return new AccessPolicy(adminGroup, root, Credentials.KERNEL, new SystemGroups());
    }

    /** A policy over given parts: tests play other users with it. */
    public static AccessPolicy of(String adminGroup, UserPrincipal root, Credentials credentials, GroupDatabase groups) {
        return new AccessPolicy(adminGroup, root, credentials, groups);
    }

    public String adminGroup() {
        return adminGroup;
    }

    Credentials credentials() {
        return credentials;
    }

    /**
     * The decision for {@code op} asked by {@code peer} (null: its credentials could not be read).
     *
     * @param daemonUser the owner of the control socket, pairlockd's own user; null when unknown
     */
    public Decision decide(HandlerRegistry.Operation op, UnixDomainPrincipal peer, UserPrincipal daemonUser) {
        if (op.access() == Access.READ) {
            return new Decision(true, "reads only");
        }
        if (peer == null) {
            return new Decision(false, op.name() + " needs an administrator, and the credentials of this connection could not"
                    + " be read (pairlockd logged why): not run");
        }
        if (peer.user().equals(root)) {
            return new Decision(true, "root");
        }
        if (peer.user().equals(daemonUser)) {
            return new Decision(true, "pairlockd's own user");
        }
        if (peer.group().getName().equals(adminGroup)) {
            return new Decision(true, "primary group " + adminGroup);
        }
        String user = peer.user().getName();
        String admins = "root" + (daemonUser == null || daemonUser.equals(root) ? "" : ", pairlockd's user " + daemonUser.getName());
        boolean exists;
        try {
            exists = groups.exists(adminGroup);
        } catch (IOException e) {
            exists = true; // then the membership lookup says what is wrong
        }
        if (!exists) {
            return new Decision(false, op.name() + " needs an administrator (" + admins + "; there is no group " + adminGroup
                    + " on this SC) and user " + user + " is not one: run it as root, or create the group and add " + user
                    + " to it (groupadd --system " + adminGroup + "; usermod -aG " + adminGroup + " " + user + ")");
        }
        String needs = op.name() + " needs an administrator (" + admins + " or a member of group " + adminGroup + ")";
        try {
            if (groups.groupsOf(user).contains(adminGroup)) {
                return new Decision(true, "member of group " + adminGroup);
            }
        } catch (IOException e) {
            return new Decision(false, needs + " and whether user " + user + " is in group " + adminGroup
                    + " could not be looked up (" + e.getMessage() + "): run it as root");
        }
        return new Decision(false, needs + " and user " + user + " is not one: add " + user + " to group " + adminGroup
                + " (usermod -aG " + adminGroup + " " + user + ") or run it as root");
    }
}
