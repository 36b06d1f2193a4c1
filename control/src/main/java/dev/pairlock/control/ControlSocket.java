package dev.pairlock.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the control socket so that it is never reachable with the wrong owner or mode, and never
 * harms a file it does not own. The socket is bound inside a fresh private directory (mode 0700)
 * beside its final path, given its mode (0660) and group there, and then renamed into place: a
 * Unix socket is its inode, so the bound channel keeps serving under the new name, and nobody could
 * connect while it still had the umask's mode (a connection made then would outlive a later chmod).
 * Working only inside our own private directory also means no chmod or chgrp can be steered
 * through a symlink an other user planted. The socket's directory must not be writable by every
 * user (without the sticky bit), since anyone who may write it could swap the socket; a path
 * that holds something other than a socket (a typo in {@code control.socket} naming a real file)
 * is refused, never deleted.
 */
final class ControlSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    /** S_IFMT and S_IFSOCK of st_mode: the file type bits, and "socket". */
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private ControlSocket() {
    }

    /** A bound server channel at {@code socket}, mode 0660, group {@code group} when it exists. */
    static ServerSocketChannel bind(Path socket, Optional<String> group) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        int dirMode = mode(dir, true);
        if ((dirMode & OTHERS_WRITE) != 0 && (dirMode & STICKY) == 0) {
            throw new IOException(dir + ": the control socket's directory is writable by every user, who could replace"
                    + " the socket: chmod o-w " + dir + " (or choose another control.socket)");
        }
        removeIfStale(socket);
        Path scratch = Files.createTempDirectory(dir, ".control-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path inScratch = scratch.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(inScratch));
            Files.setPosixFilePermissions(inScratch, PosixFilePermissions.fromString("rw-rw----"));
            if (group.isPresent()) {
                try {
                    GroupPrincipal g = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group.get());
                    Files.getFileAttributeView(inScratch, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
                } catch (UserPrincipalNotFoundException e) {
                    LOG.info("control socket {}: no group '{}' on this system: only root may use it", socket, group.get());
                }
            }
            // atomic, and refuses nothing: removeIfStale left the name free or a socket nobody serves
            Files.move(inScratch, socket, StandardCopyOption.ATOMIC_MOVE);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        } finally {
            Files.deleteIfExists(inScratch);
            Files.deleteIfExists(scratch);
        }
    }

    /**
     * Deletes a socket file nobody listens on (a daemon that died left it); refuses a live socket
     * (another daemon serves it) and anything that is not a socket.
     */
    private static void removeIfStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if ((mode(socket, false) & TYPE_MASK) != SOCKET_TYPE) {
            String what = Files.isSymbolicLink(socket) ? "a symbolic link" : Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)
                    ? "a directory" : Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS) ? "a regular file" : "not a socket";
            throw new IOException(socket + ": is " + what + ", not a control socket: left alone; check control.socket"
                    + " in the platform file (it must name a path of its own)");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            live = true;
        } catch (IOException nobody) {
            live = false;
        }
        if (live) {
            throw new IOException(socket + ": another process (a running pairlockd?) serves this control socket; stop it first");
        }
        Files.delete(socket); // left behind by a daemon that died: nobody listens
    }

    private static int mode(Path p, boolean follow) throws IOException {
        return (Integer) (follow ? Files.getAttribute(p, "unix:mode") : Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
    }
}
