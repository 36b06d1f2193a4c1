package dev.pairlock.supervision;

import dev.pairlock.config.ConfigException;
import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.Severity;
import dev.pairlock.failover.Role;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.Signals;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services an earlier pairlockd left running, stopped before this one starts anything. Under the
 * shipped systemd unit the cgroup goes with pairlockd; outside it ({@code pairlockd --foreground} from
 * a shell, a test harness) a kill -9 of pairlockd leaves every service running in its own session,
 * and the next pairlockd would start a second instance of each: two copies of a MAIN-only service
 * are the split brain pairlock exists to prevent.
 *
 * <p>Each group of the {@link GroupsFile} whose leader is still the recorded process (same pid and
 * start time, in this boot, still leading its group; a zombie too) and of which something still runs
 * gets SIGTERM, then SIGKILL after its service's
 * {@code stop_grace} (at most {@link #MAX_WAIT}), as a stop of the service would do. Anything else is
 * not ours to kill: a pid reused by another process, a line that does not parse, a file of another
 * (or an unknown) boot. A group whose leader is gone but whose other members still run cannot be told
 * from a later group that reused the id: it is named in a warning, with what to do, and left alone.
 */
final class LeftoverGroups {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverGroups.class);
    /**
     * The longest wait after SIGTERM, whatever the service's stop_grace (up to an hour): pairlockd's own
     * stop gives its services 30 s too before its SIGKILL, and its start must not hang for an hour.
     */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** After SIGKILL: a process in uninterruptible sleep goes only when its I/O returns. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;

    private LeftoverGroups() {
    }

    /** One leftover group being stopped. */
    private static final class Reaping {
        final GroupsFile.Entry group;
        final Duration grace;
        long deadline;
        boolean killed;

        Reaping(GroupsFile.Entry group, Duration grace, long now) {
            this.group = group;
            this.grace = grace;
            this.deadline = now + grace.toNanos();
        }
    }

    /**
     * Stops what {@code file} names that still runs, waiting (on the caller's thread) until it is gone,
     * then rewrites the file empty: nothing of this pairlockd runs yet.
     *
     * @param services their stop_grace (a service no longer configured gets the default)
     * @param emit     a {@code SERVICE_STOPPED} record (severity WARNING) for each group stopped
     */
    static void reap(GroupsFile file, SupervisionConfig services, Consumer<EventDraft> emit) {
        GroupsFile.Contents recorded = file.read();
        for (ConfigException problem : recorded.problems()) {
            LOG.warn("{}", problem.getMessage());
        }
        if (recorded == GroupsFile.Contents.NONE) {
            return; // no file: a first start, or no service ever ran
        }
        Optional<String> boot = GroupsFile.currentBoot();
        if (!recorded.entries().isEmpty() && trusted(file, recorded, boot)) {
            Map<String, Duration> graces = new HashMap<>();
            services.services().forEach(s -> graces.put(s.name(), s.stopGrace()));
            stop(candidates(recorded.entries(), graces), emit);
        }
        try {
            file.write(boot, List.of());
        } catch (IOException e) {
            LOG.warn("{}: cannot rewrite the services' process groups ({}); the next start reads the same groups again and"
                    + " checks each against its start time", file.path(), e.toString());
        }
    }

    /** Whether the file's groups are of this boot (start times count from the boot). */
    private static boolean trusted(GroupsFile file, GroupsFile.Contents recorded, Optional<String> boot) {
        if (recorded.boot().isPresent() && recorded.boot().equals(boot)) {
            return true;
        }
        if (recorded.boot().isPresent() && boot.isPresent()) {
            LOG.info("{}: written before the last reboot (boot {}, now {}): the services it names ended with it",
                    file.path(), recorded.boot().get(), boot.get());
        } else {
            LOG.warn("{}: {}: its process groups {} cannot be told from processes of another boot and are not stopped;"
                    + " look for services an earlier pairlockd left running (ps -eo pid,pgid,lstart,args) and stop them by"
                    + " hand (kill -- -PGID)", file.path(), boot.isEmpty() ? "this boot's id cannot be read (no /proc?)"
                    : "no boot line", recorded.entries());
        }
        return false;
    }

    /** The recorded groups whose leader is the recorded process, still leading its group. */
    private static List<Reaping> candidates(List<GroupsFile.Entry> entries, Map<String, Duration> graces) {
        List<Reaping> out = new ArrayList<>();
        long now = System.nanoTime();
        for (GroupsFile.Entry g : entries) {
            Optional<ProcStat> leader = ProcStat.of(g.pgid());
            if (leader.isPresent() && leader.get().startTicks() != g.startTicks()) {
                LOG.info("{}: its pid now belongs to another process (started at tick {}, not {}): left alone", g,
                        leader.get().startTicks(), g.startTicks());
            } else if (leader.isPresent() && leader.get().pgrp() == g.pgid()) {
                // ours (a zombie leader too: it holds the id), stopped if anything of it still runs
                if (!members(g.pgid()).isEmpty()) {
                    Duration grace = graces.getOrDefault(g.service(), SupervisionConfig.DEFAULT_STOP_GRACE);
                    out.add(new Reaping(g, grace.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : grace, now));
                }
            } else if (!members(g.pgid()).isEmpty()) {
                // its leader exited (or never led it): the id cannot be checked against the start time
                LOG.warn("{}: left by an earlier pairlockd, its leader gone, processes {} of the group still run: not"
                        + " stopped, as the group id cannot be told from a reused one; check them (ps -o pid,lstart,args -g {})"
                        + " and stop them by hand (kill -- -{})", g, members(g.pgid()), g.pgid(), g.pgid());
            }
        }
        return out;
    }

    private static void stop(List<Reaping> leftovers, Consumer<EventDraft> emit) {
        List<Reaping> pending = new ArrayList<>();
        for (Reaping r : leftovers) {
            LOG.warn("service {}: process group {} was left running by an earlier pairlockd: SIGTERM (SIGKILL after {} ms)"
                    + " before this one starts the service", r.group.service(), r.group.pgid(), r.grace.toMillis());
            if (signal(r, Signals.SIGTERM)) {
                pending.add(r);
            }
        }
        while (!pending.isEmpty()) {
            long now = System.nanoTime();
            for (Iterator<Reaping> it = pending.iterator(); it.hasNext(); ) {
                Reaping r = it.next();
                if (members(r.group.pgid()).isEmpty()) {
                    it.remove();
                    String how = r.killed ? "SIGKILL after " + r.grace.toMillis() + "ms" : "SIGTERM";
                    LOG.warn("service {}: the leftover process group {} is gone ({})", r.group.service(), r.group.pgid(), how);
                    emit.accept(EventDraft.of(EventKind.SERVICE_STOPPED, Role.UNKNOWN, 0).withSeverity(Severity.WARNING)
                            .with("service", r.group.service()).with("how", how).with("pgid", r.group.pgid())
                            .with("leftover", "left running by an earlier pairlockd"));
                } else if (now - r.deadline >= 0 && !r.killed) {
                    r.killed = true;
                    r.deadline = now + KILL_WAIT.toNanos();
                    if (!signal(r, Signals.SIGKILL)) {
                        it.remove();
                    }
                } else if (now - r.deadline >= 0) {
                    it.remove();
                    LOG.error("service {}: the leftover process group {} still runs {} ms after SIGKILL (processes {}):"
                            + " starting the service beside it; stop it by hand (kill -9 -- -{})", r.group.service(),
                            r.group.pgid(), KILL_WAIT.toMillis(), members(r.group.pgid()), r.group.pgid());
                }
            }
            if (!pending.isEmpty() && !pause()) {
                pending.forEach(r -> signal(r, Signals.SIGKILL)); // pairlockd is being stopped: do not wait
                return;
            }
        }
    }

    /** @return false if it cannot be signalled (EPERM: not ours after all), said in a warning */
    private static boolean signal(Reaping r, int signal) {
        try {
            Signals.signalGroup(r.group.pgid(), signal);
            return true;
        } catch (ErrnoException e) {
            LOG.warn("service {}: cannot signal the leftover process group {} ({}): stop it by hand (kill -- -{})",
                    r.group.service(), r.group.pgid(), e.getMessage(), r.group.pgid());
            return false;
        }
    }

    private static List<Long> members(long pgid) {
        try {
            return ProcStat.runningMembers(pgid);
        } catch (IOException e) {
            LOG.warn("cannot list /proc ({}): taking process group {} as still running", e.toString(), pgid);
            return List.of(pgid);
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
