package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Event.SyncStatus.For;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TAKEOVER_DEFERRED says what the SC knows, no more: it used to say "the MAIN is silent but its clock
 * runs" also for a cold start, where no MAIN need ever have existed and the reason is that the sync
 * engine has not spoken yet (HANDOVER.md, eighteenth stop: ~12 % of random cold starts in the
 * simulator). The text is the log line's (DaemonLog: describe() and the kind's meaning).
 */
class TakeoverDeferredWordsTest {
    private static final long FDT_TICKS = 10;

    private static HealthEvent deferral(CoreDriver d) {
        List<HealthEvent> es = CoreDriver.only(d.all, Command.Log.class).stream().map(Command.Log::event)
                .filter(e -> e.kind() == HealthEvent.Kind.TAKEOVER_DEFERRED).toList();
        assertEquals(1, es.size(), es::toString);
        return es.getFirst();
    }

    /** The daemon's log line for it: "TAKEOVER_DEFERRED <detail>: <meaning>". */
    private static String line(HealthEvent e) {
        return e.describe() + ": " + e.kind().meaning();
    }

    @Test
    void aColdStartNamesTheEnginesMissingFirstWordAndNoMain() {
        CoreDriver sc0 = new CoreDriver(CoreConfig.defaults(ScId.SC0, 2).withSyncEngine(true));
        sc0.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 3 * FDT_TICKS; i++) {
            sc0.tick(false); // the peer powered (its clock runs), its software silent
        }
        String text = line(deferral(sc0));
        assertEquals("TAKEOVER_DEFERRED nothing heard from the peer since our start (its clock runs), no word from the"
                + " sync engine yet: the peer may be a MAIN we cannot see (its clock runs) and priority-1 data is not known"
                + " to be in sync: no takeover until it is, the peer speaks, or its clock goes", text);
        assertFalse(text.contains("the MAIN is silent"), text);
    }

    @Test
    void aSpareWhoseMainWentSilentWithSyncLostSaysSo() {
        CoreDriver sc1 = SyncForTheRoleTest.spareInSync(CoreConfig.defaults(ScId.SC1, 2).withSyncEngine(true));
        sc1.step(new Event.SyncStatus(false, false, For.SPARE, 1)); // sync lost
        for (int i = 0; i < 4 * FDT_TICKS && sc1.core.role() == Role.SPARE; i++) {
            sc1.tick(false);
        }
        assertEquals(Role.SPARE, sc1.core.role(), "S5: deferred");
        HealthEvent e = deferral(sc1);
        assertEquals(new HealthEvent.Detail.Deferral(HealthEvent.Detail.Deferral.Peer.SILENT_MAIN, true), e.detail());
        assertTrue(line(e).startsWith("TAKEOVER_DEFERRED the MAIN went silent (its clock runs), priority-1 not in sync: "),
                line(e));
    }

    @Test
    void aSpareWhoseEngineHasNotSpokenNamesTheMissingWordForItsSilentMain() {
        CoreDriver sc1 = new CoreDriver(CoreConfig.defaults(ScId.SC1, 2).withSyncEngine(true));
        sc1.boot(RefSel.FOLLOWER);
        sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 1, RefSel.FOLLOWER);
        sc1.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        for (int i = 0; i < 6; i++) {
            sc1.frame(PeerMessage.Kind.PONG, Role.MAIN, 1, RefSel.LEADER);
            sc1.tick(true);
        }
        for (int i = 0; i < 4 * FDT_TICKS && sc1.core.role() == Role.SPARE; i++) {
            sc1.tick(false);
        }
        assertEquals("the MAIN went silent (its clock runs), no word from the sync engine yet", deferral(sc1).detail().describe());
    }
}
