package dev.pairlock.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process groups of a supervisor's services that may still have a member: a leader that runs, or
 * what a leader that exited left behind in its group. The supervisor's thread adds and removes them;
 * pairlockd's stop waits for them and kills what is left from its own thread (see
 * {@link Supervisor#awaitProcessesGone} and {@link Supervisor#killRemaining}).
 */
final class ProcessGroups {
    private final Set<ServiceProcess> groups = ConcurrentHashMap.newKeySet();

    /** A service started: its group, and the forgetting of groups now empty. */
    void started(ServiceProcess p) {
        groups.removeIf(g -> !g.alive());
        groups.add(p);
    }

    /** Nothing of {@code p}'s group runs any more. */
    void gone(ServiceProcess p) {
        groups.remove(p);
    }

    /** @return false if some group still had a member after {@code timeout} (polled every 50 ms) */
    boolean awaitGone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            groups.removeIf(g -> !g.alive());
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
                groups.remove(g);
            }
        }
        return killed;
    }
}
