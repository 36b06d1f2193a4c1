package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OffUnsentLogic} over random schedules: an SC that takes failover off and never sends it,
 * so that its peer takes over a dead MAIN the real pair would have left alone, rightly by what it
 * heard. FAILOVER_OFF holds nobody there (the peer was never told); FAILOVER_OFF_SENT names the
 * mute SC. The mute SC is SC0 for odd seeds and SC1 for even ones.
 *
 * <p>{@code -Dsweep.offUnsent=N} sweeps seeds 1..N instead of the default (the handover's figures),
 * and the counts are printed either way.
 */
class OffUnsentSweepTest {
    private static final long FDT = 1_000_000_000L;

    /** What one schedule did, as counted. */
    private record Outcome(long seed, boolean hid, boolean hidNotAutomatic, boolean takeoverAfterHiding,
                           boolean takeoverAfterHidingNotAutomatic, boolean sent, boolean other) {
    }

    private static Outcome run(long seed) {
        ScId mute = seed % 2 == 1 ? ScId.SC0 : ScId.SC1;
        OffUnsentLogic.Record record = new OffUnsentLogic.Record();
        RunResult r = new PairSimulation(ScheduleGenerator.generate(seed, FDT), false, OffUnsentLogic.factory(mute, record)).run();
        long firstHidden = record.hidden.isEmpty() ? Long.MAX_VALUE : record.hidden.getFirst();
        long firstNotAutomatic = record.firstHiddenNotAutomatic < 0 ? Long.MAX_VALUE : record.firstHiddenNotAutomatic;
        boolean sent = r.violations().stream().anyMatch(v -> v.property().equals(SentSettingRule.RULE));
        boolean other = r.violations().stream().anyMatch(v -> !v.property().equals(SentSettingRule.RULE));
        return new Outcome(seed, firstHidden != Long.MAX_VALUE, firstNotAutomatic != Long.MAX_VALUE,
                record.peerTakeovers.stream().anyMatch(t -> t > firstHidden),
                record.peerTakeovers.stream().anyMatch(t -> t > firstNotAutomatic), sent, other);
    }

    @Test
    void aTakeoverAfterAnOffKeptOutOfTheFramesIsCaught() {
        long seeds = Long.getLong("sweep.offUnsent", 1_500);
        List<Outcome> all = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            all.add(run(seed));
        }
        long hid = all.stream().filter(Outcome::hid).count();
        long caught = all.stream().filter(o -> o.hid() && o.sent()).count();
        long hidNotAutomatic = all.stream().filter(Outcome::hidNotAutomatic).count();
        long caughtNotAutomatic = all.stream().filter(o -> o.hidNotAutomatic() && o.sent()).count();
        List<Outcome> takeovers = all.stream().filter(Outcome::takeoverAfterHiding).toList();
        List<Outcome> judged = all.stream().filter(Outcome::takeoverAfterHidingNotAutomatic).toList();
        System.out.printf("OffUnsentLogic, seeds 1..%d at FDT 1 s: %d schedules kept an off out of a frame (%d an off"
                + " not of the disable-after-failover rule); caught by %s: %d (%d)%n", seeds, hid, hidNotAutomatic,
                SentSettingRule.RULE, caught, caughtNotAutomatic);
        System.out.printf("  the peer took over after it: %d (%d); caught by %s: %d (%d); by another rule: %d (%d);"
                + " by none: %d (%d)%n", takeovers.size(), judged.size(), SentSettingRule.RULE,
                takeovers.stream().filter(Outcome::sent).count(), judged.stream().filter(Outcome::sent).count(),
                takeovers.stream().filter(Outcome::other).count(), judged.stream().filter(Outcome::other).count(),
                takeovers.stream().filter(o -> !o.sent() && !o.other()).count(),
                judged.stream().filter(o -> !o.sent() && !o.other()).count());
        System.out.println("  takeovers after an off kept out of the frames that it did not catch: "
                + takeovers.stream().filter(o -> !o.sent()).map(Outcome::seed).toList());
        assertTrue(all.stream().noneMatch(o -> o.sent() && !o.hid()), "a verdict where nothing was kept out of a frame");
        // before it, such a takeover was caught only where the pair ended disagreeing (LIVENESS) or some
        // other rule happened to fire. The record is not sure of every off: an on the peer was given
        // before may outrank it by its ceiling, and the disable-after-failover off is not recorded at
        // all (a takeover after only such an off can still go uncaught: seed 17978)
        assertEquals(List.of(), judged.stream().filter(o -> !o.sent() && !o.other()).map(Outcome::seed).toList(),
                "takeovers after an off (not the automatic one) kept out of the frames that no rule caught");
        assertTrue(caughtNotAutomatic >= hidNotAutomatic * 9 / 10, "caught " + caughtNotAutomatic + " of " + hidNotAutomatic);
        assertTrue(takeovers.size() >= 10, "the schedules do make such takeovers: " + takeovers.size());
    }
}
