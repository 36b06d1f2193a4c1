package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.time.Scheduler;

/**
 * Minimal hand-written controllers for the checker to catch, in the style of the seed's naive
 * software: a passive SPARE that sets follower and sits in a fixed epoch, and a self-appointed MAIN
 * that claims an epoch and takes MAIN at once without waiting for any ack, holds an endless
 * "lease" and re-asserts LEADER every 100 ms (no lease check, no failfast).
 */
final class ScriptedSoftware extends StubSoftware {
    private static final long MS = 1_000_000L;

    enum Kind { PASSIVE_SPARE, SELF_APPOINTED_MAIN }

    private final ControllerHardware hw;
    private final Scheduler scheduler;
    private final ControllerRuntime.Listener listener;
    private final Kind kind;

    ScriptedSoftware(ControllerHardware hw, Scheduler scheduler, ControllerRuntime.Listener listener, Kind kind,
                     long epoch) {
        this.hw = hw;
        this.scheduler = scheduler;
        this.listener = listener;
        this.kind = kind;
        this.epoch = epoch;
    }

    /** SC0 a self-appointed MAIN in {@code mainEpoch}, SC1 a passive SPARE in {@code spareEpoch}. */
    static SoftwareFactory factory(long mainEpoch, long spareEpoch) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> cfg.self() == ScId.SC0
                ? new ScriptedSoftware(hw, scheduler, listener, Kind.SELF_APPOINTED_MAIN, mainEpoch)
                : new ScriptedSoftware(hw, scheduler, listener, Kind.PASSIVE_SPARE, spareEpoch);
    }

    /** Both SCs self-appointed MAINs (SC1 a little later, so SC0 holds authority when SC1 takes MAIN). */
    static SoftwareFactory bothSelfAppointed() {
        return (hw, cfg, scheduler, lanes, listener, busy) ->
                new ScriptedSoftware(hw, scheduler, listener, Kind.SELF_APPOINTED_MAIN, cfg.self().index() + 1);
    }

    @Override
    public void start() {
        super.start();
        int inc = incarnation;
        if (kind == Kind.PASSIVE_SPARE) {
            hw.gchip().setRefSel(RefSel.FOLLOWER);
            setRole(Role.SPARE);
        } else {
            scheduler.schedule(100 * MS, () -> {
                if (inc == incarnation) {
                    setRole(Role.BECOMING_MAIN);
                    setRole(Role.MAIN); // the bug: no ack awaited, no fence, no absence proven
                    lead(inc);
                }
            });
        }
    }

    private void lead(int inc) {
        if (inc == incarnation) {
            hw.gchip().setRefSel(RefSel.LEADER);
            scheduler.schedule(100 * MS, () -> lead(inc));
        }
    }

    private void setRole(Role r) {
        role = r;
        listener.onRoleChange(hw.self(), r, epoch, hw.clock().nanos());
    }

}
