package dev.pairlock.supervision;

import dev.pairlock.failover.Role;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.Signals;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start of a service: its leader process in a session, and so a process group, of its own. The
 * group is what a stop signals: a service whose executable is a wrapper that does not exec (sh
 * running the real daemon as its child) would otherwise lose only the wrapper to SIGTERM, and the
 * real daemon, reparented to init, would keep running on an SC that is no longer MAIN while the new
 * MAIN starts its own. A process that leaves the group (setsid/daemon(3) itself) is not reached:
 * such a service must stay in the foreground under pairlock.
 *
 * <p>The session comes from {@code setsid(1)} (util-linux) in front of the command. It execs in place
 * (a child of the JVM is never a process-group leader, so setsid needs no fork): the leader's pid is
 * the group's id. Between the start and setsid's own setsid() call the group does not exist yet; a
 * signal then goes to the leader alone.
 */
final class ServiceProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    final String service;
    final Process leader;
    /**
     * The leader's start time (clock ticks since boot, /proc/PID/stat field 22), read right after the
     * start; -1 if it had already exited. With the pid it names this group in the groups file
     * ({@link GroupsFile}) so a later pairlockd never takes another process with a reused pid for it.
     */
    final long startTicks;

    private ServiceProcess(String service, Process leader) {
        this.service = service;
        this.leader = leader;
        // setsid execs in place: the pid, and so its start time, is the one of the forked child
        this.startTicks = ProcStat.of(leader.pid()).map(ProcStat::startTicks).orElse(-1L);
    }

    /**
     * setsid(1) on pairlockd's PATH.
     *
     * @throws IllegalStateException if there is none (named in the message, with what to do)
     */
    static Path setsid(List<String> services) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, "setsid");
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("setsid is not on pairlockd's PATH (" + path + "): the supervised services "
                + services + " are each started in a session of their own, so that stopping one stops its children too;"
                + " install util-linux or add the directory of setsid to PATH");
    }

    /** Starts {@code spec} with its environment (and RESTART_COUNT, PAIRLOCK_*) in a new session. */
    static ServiceProcess start(Path setsid, ServiceSpec spec, int restarts, Role role, long epoch) throws IOException {
        Path command = spec.command();
        if (!Files.isRegularFile(command) || !Files.isExecutable(command)) {
            // checked here: behind setsid a missing command would look like a start, then an exit 127
            throw new IOException(command + (Files.exists(command) ? " is not an executable file" : " does not exist"));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(setsid.toString());
        cmd.add("--");
        cmd.add(command.toString());
        cmd.addAll(spec.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.putAll(spec.env());
        env.put("RESTART_COUNT", String.valueOf(restarts));
        env.put("PAIRLOCK_SERVICE", spec.name());
        env.put("PAIRLOCK_ROLE", role.name());
        env.put("PAIRLOCK_EPOCH", String.valueOf(epoch));
        return new ServiceProcess(spec.name(), pb.start());
    }

    long pid() {
        return leader.pid();
    }

    /** SIGTERM to the whole group. */
    void terminate() {
        signal(Signals.SIGTERM);
    }

    /** SIGKILL to the whole group; false if nothing of it was running any more. */
    boolean kill() {
        boolean running = alive();
        signal(Signals.SIGKILL);
        return running;
    }

    /**
     * Whether the leader or any other process of the group still runs. A member that is dead but not
     * yet reaped (a zombie: its parent died and init has not waited for it yet) still counts for
     * kill(2), not here.
     */
    boolean alive() {
        return leader.isAlive() || (signal(0) && !runningMembers().isEmpty());
    }

    /** The group's processes that are not zombies. */
    List<Long> runningMembers() {
        try {
            return ProcStat.runningMembers(pid());
        } catch (IOException e) {
            LOG.warn("service {}: cannot list /proc ({}): taking its process group {} as still running", service,
                    e.toString(), pid());
            return List.of(pid());
        }
    }

    private boolean signal(int sig) {
        try {
            if (Signals.signalGroup(pid(), sig)) {
                return true;
            }
            // no such group: setsid has not made it yet (or everything is gone): the leader alone
            return leader.isAlive() && Signals.signalProcess(pid(), sig);
        } catch (ErrnoException e) {
            LOG.warn("service {}: cannot send signal {} to its process group {} ({}): stop it by hand (kill -- -{})",
                    service, sig, pid(), e.getMessage(), pid());
            return leader.isAlive();
        }
    }

    @Override
    public String toString() {
        return service + " (process group " + pid() + ")";
    }

    /**
     * The signal name for a status Java reports as 128 + signal (as a shell does: a process killed
     * by SIGKILL reads 137). A service that itself exits with such a status reads the same: say so.
     */
    static String signalName(int status) {
        if (status <= 128 || status > 128 + 64) {
            return null;
        }
        int n = status - 128;
        return switch (n) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 3 -> "QUIT";
            case 6 -> "ABRT";
            case 9 -> "KILL";
            case 11 -> "SEGV";
            case 13 -> "PIPE";
            case 14 -> "ALRM";
            case 15 -> "TERM";
            default -> String.valueOf(n);
        };
    }
}
