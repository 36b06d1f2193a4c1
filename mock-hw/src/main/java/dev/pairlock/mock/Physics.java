package dev.pairlock.mock;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;

import java.util.List;

/**
 * Read-only ground truth of a chassis for the safety checker: what the hardware really does, not
 * what any controller believes. The per-slot accessors allocate nothing, for checks after every event.
 */
public final class Physics {
    private final Chassis chassis;

    Physics(Chassis chassis) {
        this.chassis = chassis;
    }

    /** REF_SEL as the clock really runs: FOLLOWER (the reset value) while powered off. */
    public RefSel refSel(ScId sc) {
        return chassis.refSel(sc);
    }

    public boolean phaseLocked() {
        return chassis.phaseLocked();
    }

    public boolean powered(ScId sc) {
        return chassis.powered(sc);
    }

    /** {@code sc}'s NIC has carrier. */
    public boolean nicUp(ScId sc) {
        return chassis.controller0(sc).nicUp;
    }

    /** The heartbeat line from {@code from} to its peer is intact (edges get through while both run). */
    public boolean heartbeatLineUp(ScId from) {
        return !chassis.controller0(from).heartbeatCut;
    }

    /** A frame {@code from} sends now gets to its peer (later by the latency): link not cut that way, both NICs up. */
    public boolean linkUp(ScId from) {
        return !chassis.controller0(from).linkCut && nicUp(from) && nicUp(from.peer());
    }

    /** The most a frame {@code from} sends now can take to arrive. */
    public long linkLatencyMaxNanos(ScId from) {
        return chassis.controller0(from).linkLatency.maxNanos();
    }

    public int slots() {
        return chassis.config().slots();
    }

    public BoardState board(int slot) {
        return model(slot).state();
    }

    public boolean boardPresent(int slot) {
        return model(slot).present;
    }

    public ScId boardInput(int slot) {
        return model(slot).input;
    }

    public boolean boardLocked(int slot) {
        return model(slot).spllLocked;
    }

    public boolean boardRunning(int slot) {
        return model(slot).running;
    }

    /** Domain stops caused by switching an SPLL while the clocks were not phase locked, oldest first. */
    public List<TraceEvent> violations() {
        return chassis.violations();
    }

    /** Domain stops caused by the selected SC losing power, oldest first. */
    public List<TraceEvent> physicalLosses() {
        return chassis.physicalLosses();
    }

    private BoardModel model(int slot) {
        dev.pairlock.hal.HalArgumentException.checkRange("board slot", slot, 0, slots() - 1);
        return chassis.boardModel(slot);
    }
}
