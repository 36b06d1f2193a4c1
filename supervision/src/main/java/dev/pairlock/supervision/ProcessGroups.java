package dev.pairlock.supervision;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process groups of a supervisor's services that may still have a member: a leader that runs, or
 * what a leader that exited left behind in its group. The supervisor's thread adds and removes them;
 * pairlockd's stop waits for them and kills what is left from its own thread (see
 * {@link Supervisor#awaitProcessesGone} and {@link Supervisor#killRemaining}). Every change is written
 * to the {@link GroupsFile}, so a pairlockd killed with -9 leaves the next one the list of what to stop.
 */
final class ProcessGroups {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);

    private final Set<ServiceProcess> groups = ConcurrentHashMap.newKeySet();
    private final GroupsFile file;
    private final Optional<String> boot = GroupsFile.currentBoot();

    ProcessGroups(GroupsFile file) {
        this.file = file;
    }

    /** A service started: its group, and the forgetting of groups now empty. */
    void started(ServiceProcess p) {
        groups.removeIf(g -> !g.alive());
        groups.add(p);
        save();
    }

    /** Nothing of {@code p}'s group runs any more. */
    void gone(ServiceProcess p) {
        if (groups.remove(p)) {
            save();
        }
    }

    /** @return false if some group still had a member after {@code timeout} (polled every 50 ms) */
    boolean awaitGone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (groups.removeIf(g -> !g.alive())) {
                save();
            }
            if (groups.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILL to every group that still has a member; @return each group killed */
    List<String> killRemaining() {
        List<String> killed = new ArrayList<>();
        for (ServiceProcess g : groups) {
            if (g.kill()) {
                killed.add(g.toString());
            } else {
                gone(g);
            }
        }
        return killed;
    }

    /**
     * Writes the groups now (any thread; one write at a time, each of the set as it is when it starts,
     * so the last write holds the last change). A failed write loses only the guard against a kill -9.
     */
    private synchronized void save() {
        List<GroupsFile.Entry> entries = groups.stream().filter(g -> g.startTicks >= 0)
                .map(g -> new GroupsFile.Entry(g.pid(), g.startTicks, g.service)).toList();
        // pairlockd's stop closes the supervisor's thread with an interrupt, which closes a file channel
        // mid-write (ClosedByInterruptException): the last write of that stop is still made
        boolean interrupted = Thread.interrupted();
        try {
            file.write(boot, entries);
        } catch (IOException e) {
            if (entries.isEmpty()) {
                LOG.info("{}: cannot record that no service's process group is left ({}): the next start finds the groups"
                        + " it lists gone", file.path(), e.toString());
            } else {
                LOG.warn("{}: cannot record the services' process groups {} ({}): if pairlockd is killed with -9 now, the"
                        + " next start cannot stop what it leaves running", file.path(), entries, e.toString());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
