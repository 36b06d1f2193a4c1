package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.Severity;
import dev.pairlock.failover.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a pairlockd killed with -9 outside systemd leaves running is stopped by the next one before it
 * starts anything ({@link LeftoverGroups}, {@link GroupsFile}). The kill -9 is a first supervisor
 * abandoned without a stop, its time never run again (as its JVM would be gone); the next pairlockd
 * is a second supervisor on the same state directory.
 */
class SupervisorLeftoverTest extends SupervisorFixture {
    final SteppedScheduler firstTime = new SteppedScheduler();
    final List<EventDraft> firstEvents = new CopyOnWriteArrayList<>();

    /** A first supervisor runs {@code spec} as MAIN and is abandoned: @return its service's leader. */
    ProcessHandle startThenKill9(ServiceSpec spec) throws Exception {
        Supervisor first = supervisor(firstTime, firstEvents, spec);
        first.onRole(Role.MAIN, 1);
        firstTime.awaitUntil(() -> firstEvents.stream().anyMatch(d -> d.kind() == EventKind.SERVICE_STARTED), "started");
        ProcessHandle leader = ProcessHandle.of(first.status().getFirst().pid()).orElseThrow();
        strays.add(leader);
        return leader;
    }

    /**
     * Instances of {@code script} running now: processes with its path on their command line whose
     * parent is not one (a wrapper's child between its fork and its exec still shows the wrapper's
     * command line: counting it saw two instances where one ran).
     */
    static List<ProcessHandle> running(Path script) {
        return ProcessHandle.allProcesses().filter(h -> runs(h, script))
                .filter(h -> h.parent().map(p -> !runs(p, script)).orElse(true))
                .filter(h -> {
                    try {
                        return running(h);
                    } catch (Exception e) {
                        return false;
                    }
                }).toList();
    }

    static boolean runs(ProcessHandle h, Path script) {
        return h.info().commandLine().orElse("").contains(script.toString());
    }

    @Test
    void aServiceLeftRunningByAKilledPairlockdIsStoppedBeforeTheNextStartsItsOwn() throws Exception {
        Path svc = script("web", "sleep 300"); // a wrapper: its child must go with it
        ProcessHandle old = startThenKill9(ServiceSpec.of("web", svc));
        firstTime.awaitUntil(() -> old.children().findAny().isPresent(), "the wrapper started its child");
        ProcessHandle oldChild = old.children().findFirst().orElseThrow();
        strays.add(oldChild);
        assertTrue(Files.readString(stateDir().resolve(GroupsFile.FILE_NAME)).contains("\n" + old.pid() + " "),
                "the group is recorded");

        supervisor(ServiceSpec.of("web", svc)); // the next pairlockd: stops the leftover before it returns
        assertFalse(running(old), "the old leader still runs");
        assertFalse(running(oldChild), "the old leader's child still runs");
        EventDraft d = last(EventKind.SERVICE_STOPPED);
        assertEquals("web", d.field("service"));
        assertEquals(String.valueOf(old.pid()), d.field("pgid"));
        assertEquals("SIGTERM", d.field("how"));
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("left running by an earlier pairlockd", d.field("leftover"));

        sup.onRole(Role.MAIN, 2);
        await(EventKind.SERVICE_STARTED, 1);
        long now = status("web").pid();
        assertEquals(List.of(now), running(svc).stream().map(ProcessHandle::pid).toList(), "exactly one instance, the new one");
    }

    @Test
    void aLeftoverThatIgnoresSigtermIsKilledAfterItsStopGrace() throws Exception {
        Path trapped = dir.resolve("trapped");
        Path svc = script("stubborn", "trap '' TERM\ntouch " + trapped + "\nwhile :; do sleep 0.05; done");
        ServiceSpec spec = ServiceSpec.of("stubborn", svc).withStopGrace(Duration.ofMillis(200));
        ProcessHandle old = startThenKill9(spec);
        firstTime.awaitUntil(() -> Files.exists(trapped), "the TERM trap is set");

        supervisor(spec);
        assertFalse(running(old));
        assertEquals("SIGKILL after 200ms", last(EventKind.SERVICE_STOPPED).field("how"));
        assertEquals(List.of(), running(svc));
    }

    /** A group of this test's own making, as setsid(1) makes a service's: @return its leader, leading it. */
    ProcessHandle group() throws Exception {
        Process p = new ProcessBuilder(ServiceProcess.setsid(List.of("test")).toString(), "--", "sleep", "300").start();
        strays.add(p.toHandle());
        time.awaitUntil(() -> ProcStat.of(p.pid()).map(s -> s.pgrp() == p.pid()).orElse(false), "setsid ran");
        return p.toHandle();
    }

    long startTicks(ProcessHandle h) {
        return ProcStat.of(h.pid()).orElseThrow().startTicks();
    }

    @Test
    void aRecordedPidNowOfAnotherProcessIsLeftAlone() throws Exception {
        ProcessHandle other = group();
        GroupsFile file = new GroupsFile(stateDir());
        file.write(GroupsFile.currentBoot(), List.of(new GroupsFile.Entry(other.pid(), startTicks(other) - 1, "web")));
        supervisor(ServiceSpec.of("web", script("web", "exit 0")));
        assertTrue(running(other), "a process with the recorded pid but another start time was stopped");
        assertEquals(List.of(), events);
        // the same process with its own start time is what a service left running looks like
        file.write(GroupsFile.currentBoot(), List.of(new GroupsFile.Entry(other.pid(), startTicks(other), "web")));
        supervisor(firstTime, firstEvents, ServiceSpec.of("web", script("web", "exit 0")));
        assertFalse(running(other));
    }

    @Test
    void groupsRecordedInAnotherBootAreLeftAlone() throws Exception {
        ProcessHandle other = group();
        GroupsFile file = new GroupsFile(stateDir());
        file.write(Optional.of("00000000-0000-0000-0000-000000000000"),
                List.of(new GroupsFile.Entry(other.pid(), startTicks(other), "web")));
        supervisor(ServiceSpec.of("web", script("web", "exit 0")));
        assertTrue(running(other), "a start time counts from its boot: after a reboot it names another process");
        assertEquals(List.of(), events);
    }

    @Test
    void aDamagedGroupsFileNamesEachBadLineStopsNothingFromThemAndStillUsesTheGoodOnes() throws Exception {
        ProcessHandle unreadable = group();
        ProcessHandle leftover = group();
        Path f = stateDir().resolve(GroupsFile.FILE_NAME);
        Files.createDirectories(stateDir());
        Files.writeString(f, "# header\nboot " + GroupsFile.currentBoot().orElseThrow() + "\n"
                + unreadable.pid() + " " + startTicks(unreadable) + "x web\n"
                + "\u0000\u0001garbage\n"
                + leftover.pid() + " " + startTicks(leftover) + " web\n");
        GroupsFile.Contents c = new GroupsFile(stateDir()).read();
        assertEquals(List.of(new GroupsFile.Entry(leftover.pid(), startTicks(leftover), "web")), c.entries());
        assertEquals(List.of(3, 4), c.problems().stream().map(e -> e.line()).toList());
        assertTrue(c.problems().getFirst().getMessage().startsWith(f + ":3: '" + unreadable.pid()), c.problems().toString());

        supervisor(ServiceSpec.of("web", script("web", "exit 0"))); // starts all the same
        assertTrue(running(unreadable), "a line that does not parse stops nothing");
        assertFalse(running(leftover), "the good line's leftover still runs");
        assertEquals(List.of(), new GroupsFile(stateDir()).read().problems(), "rewritten");
    }

    @Test
    void aFileThatIsNotTextStartsAllTheSame() throws Exception {
        Files.createDirectories(stateDir());
        Files.write(stateDir().resolve(GroupsFile.FILE_NAME), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        GroupsFile.Contents c = new GroupsFile(stateDir()).read();
        assertEquals(1, c.problems().size());
        assertEquals(0, c.problems().getFirst().line(), "the file as a whole");
        supervisor(ServiceSpec.of("web", script("web", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done")));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_STARTED, 1);
    }

    @Test
    void theFileFollowsEachStartAndStop() throws Exception {
        Path svc = script("web", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("web", svc));
        GroupsFile file = new GroupsFile(stateDir());
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_STARTED, 1);
        ProcessHandle leader = ProcessHandle.of(status("web").pid()).orElseThrow();
        assertEquals(List.of(new GroupsFile.Entry(leader.pid(), startTicks(leader), "web")), file.read().entries());
        assertEquals(GroupsFile.currentBoot(), file.read().boot());
        sup.onRole(Role.SPARE, 2);
        await(EventKind.SERVICE_STOPPED, 1);
        assertEquals(List.of(), file.read().entries());
    }
}
