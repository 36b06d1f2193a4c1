package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.failover.Role;
import dev.pairlock.failover.Signal;
import dev.pairlock.failover.SwitchoverRefusal;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RuntimeEventsTest {
    final List<EventDraft> out = new ArrayList<>();
    final RuntimeEvents ev = new RuntimeEvents(out::add);

    void health(Kind k, Detail d) {
        ev.onHealth(ScId.SC1, new HealthEvent(0, k, 3, d));
    }

    List<String> kinds() {
        return out.stream().map(d -> d.kind() + (d.field("cause").isEmpty() ? "" : "(" + d.field("cause") + ")")).toList();
    }

    @Test
    void bothSignalsFailedIsPeerLostAndOneRepairedIsPeerRepaired() {
        health(Kind.SIGNAL_FAILED, Signal.HEARTBEAT);
        health(Kind.SIGNAL_FAILED, Signal.PEER_LINK);
        health(Kind.SIGNAL_REPAIRED, Signal.PEER_LINK);
        health(Kind.SIGNAL_REPAIRED, Signal.HEARTBEAT);
        assertEquals(List.of("SIGNAL_FAILED", "SIGNAL_FAILED", "PEER_LOST", "SIGNAL_REPAIRED", "PEER_REPAIRED",
                "SIGNAL_REPAIRED"), kinds());
        assertEquals("peer-link", out.get(4).field("signal"));
    }

    @Test
    void aDeadMainTakeoverIsAFailoverWithItsCauseAndARoleChangeThatSaysWhy() {
        ev.onRoleChange(ScId.SC1, Role.SPARE, 2, 0);
        health(Kind.DEAD_MAIN_TAKEOVER, Detail.priority1(true));
        ev.onRoleChange(ScId.SC1, Role.BECOMING_MAIN, 3, 0);
        health(Kind.ROLE_CHANGE, Detail.role(Role.MAIN)); // said again by the core: not recorded twice
        ev.onRoleChange(ScId.SC1, Role.MAIN, 3, 0);
        assertEquals(List.of("ROLE_CHANGED", "FAILOVER(dead-main)", "ROLE_CHANGED(dead-main)", "ROLE_CHANGED(dead-main)"),
                kinds());
        assertEquals("yes", out.get(1).field("in_sync"));
        assertEquals("BECOMING_MAIN", out.getLast().field("previous"));
    }

    @Test
    void theMainRoleArrivingAtASpareByHandoverIsAPlannedFailover() {
        ev.onRoleChange(ScId.SC1, Role.SPARE, 2, 0);
        ev.onRoleChange(ScId.SC1, Role.MAIN, 3, 0);
        assertEquals(List.of("ROLE_CHANGED", "ROLE_CHANGED", "FAILOVER(planned)"), kinds());
        out.clear();
        ev.onRoleChange(ScId.SC0, Role.UNKNOWN, 4, 0); // a boot straight to MAIN is no failover
        ev.onRoleChange(ScId.SC0, Role.MAIN, 4, 0);
        assertEquals(List.of("ROLE_CHANGED", "ROLE_CHANGED"), kinds());
    }

    @Test
    void localFaultClearsWhenASignalIsRepaired() {
        health(Kind.LOCAL_FAULT, Detail.NONE);
        health(Kind.SIGNAL_REPAIRED, Signal.HEARTBEAT);
        assertEquals(List.of("LOCAL_FAULT", "SIGNAL_REPAIRED", "LOCAL_FAULT_CLEARED"), kinds());
    }

    @Test
    void aBoardThatAnswersAgainIsRecordedWithItsSlot() {
        health(Kind.BOARD_ERROR, Detail.slot(3));
        health(Kind.BOARD_REPAIRED, Detail.slot(3));
        assertEquals(List.of("BOARD_UNREACHABLE", "BOARD_REPAIRED"), kinds());
        assertEquals("3", out.get(1).field("slot"));
    }

    @Test
    void detailsBecomeFields() {
        health(Kind.BOARD_ERROR, Detail.slot(7));
        health(Kind.SWITCHOVER_REFUSED, SwitchoverRefusal.NOT_IN_SYNC);
        health(Kind.LEASE_LAPSED, Detail.NONE);
        health(Kind.FAILOVER_MODE, new FailoverSetting(false, 4, FailoverSetting.Reason.OPERATOR));
        health(Kind.SYNC_CHANGED, Detail.priority1(false));
        assertEquals("7", out.get(0).field("slot"));
        assertEquals("priority-1 data not in sync", out.get(1).field("reason"));
        assertEquals(EventKind.FAILFAST, out.get(2).kind());
        assertEquals("lease-lapsed", out.get(2).field("cause"));
        assertEquals("off", out.get(3).field("mode"));
        assertEquals("operator", out.get(3).field("reason"));
        assertEquals(4, out.size(), "an in-sync flip is not a record: " + kinds());
    }

    @Test
    void priorityOneInSyncFlipsAreNotRecordedBecauseTheSelIsItselfSynced() {
        // each record changes the SEL, a priority-1 item: recording the flip it causes would loop
        for (int i = 0; i < 10; i++) {
            health(Kind.SYNC_CHANGED, Detail.priority1(i % 2 == 0));
        }
        assertEquals(List.of(), kinds());
    }

    @Test
    void theFacadeRecordsWhatTheRuntimeReports(@TempDir Path dir) throws Exception {
        ConfigFile f = ConfigFile.parse(dir.resolve("sc1.conf"), ("sel.dir = sel\nsel.max_size = 1MiB\nsnmp.hold_down = 5s\nsnmp.boots_file = boots\n")
                .getBytes(StandardCharsets.UTF_8));
        EventsConfig cfg = EventsConfig.parse(f, ScId.SC1);
        f.requireAllUsed(EventsConfig.KEYS);
        assertEquals(dir.resolve("sel"), cfg.sel().dir());
        try (Events events = Events.open(cfg, ScId.SC1, SystemClock.INSTANCE, InstantSource.system())) {
            events.runtimeListener().onRoleChange(ScId.SC1, Role.SPARE, 1, 0);
            events.runtimeListener().onHealth(ScId.SC1, new HealthEvent(0, Kind.BOARD_ERROR, 1, Detail.slot(2)));
            events.sel().appendDurably(EventDraft.of(EventKind.DAEMON_STOPPED, Role.SPARE, 1)); // after the two above
        }
        List<SelRecord> all = SelReader.of(dir.resolve("sel")).read(SelQuery.all()).records();
        assertEquals(List.of(EventKind.ROLE_CHANGED, EventKind.BOARD_UNREACHABLE, EventKind.DAEMON_STOPPED),
                all.stream().map(SelRecord::kind).toList());
        assertEquals(ScId.SC1, all.getFirst().sc());
    }
}
