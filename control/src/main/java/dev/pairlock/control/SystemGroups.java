package dev.pairlock.control;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system's group database as pairlockd sees it: a group exists when getgrnam finds it (the
 * JDK's lookup), and a user's groups are what {@code id -Gn USER} prints — getgrouplist(3) through
 * NSS, so /etc/group, LDAP or sssd alike, primary group included. The JDK has no call that lists a
 * group's members or a user's groups, and reading /etc/group by hand would miss every other NSS
 * source. {@code id} is run by absolute path (PATH plays no part) with the user name after
 * {@code --}, never through a shell, and is given {@link #LOOKUP_MILLIS} (a user database that
 * hangs, e.g. an unreachable LDAP server, fails the request instead of holding it).
 */
final class SystemGroups implements AccessPolicy.GroupDatabase {
    static final long LOOKUP_MILLIS = 5_000;
    private static final List<Path> ID = List.of(Path.of("/usr/bin/id"), Path.of("/bin/id"));

    @Override
    public boolean exists(String group) throws IOException {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        }
    }

    @Override
    public Set<String> groupsOf(String user) throws IOException {
        Path id = ID.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IOException("no id command (coreutils) at " + ID.get(0) + " or " + ID.get(1)));
        ProcessBuilder pb = new ProcessBuilder(id.toString(), "-Gn", "--", user).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C"); // plain quotes in its message, which goes to the operator
        Process p = pb.start();
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread.ofVirtual().name("control-id").start(() -> {
            try {
                out.complete(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                out.completeExceptionally(e);
            }
        });
        try {
            if (!p.waitFor(LOOKUP_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(id + " -Gn " + user + " did not answer within " + LOOKUP_MILLIS + " ms (a slow user database?)");
            }
            String text = new String(out.get(LOOKUP_MILLIS, TimeUnit.MILLISECONDS), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IOException(text.isEmpty() ? id + " exited with status " + p.exitValue() : text.lines().findFirst().orElse(text));
            }
            return Set.copyOf(Arrays.asList(text.split("\\s+")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while looking up the groups of " + user);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not read what " + id + " printed: " + e);
        }
    }
}
