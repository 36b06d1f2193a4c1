package dev.pairlock.simulation;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.TraceEvent;

/**
 * FAILOVER_OFF's fact: whether an SC's failover setting was off when its claim began. Off if its
 * software says so, or if the simulator's own record says so — of the {@code setfailover on|off}
 * commands it delivered (here), or of the frames the link delivered to it ({@link LinkSettingFacts}):
 * a software that drops an {@code off}, told or spread to it, and then takes over says "on", and the
 * judge must not take the judged's word for it.
 *
 * <p>The record follows the protocol's rules for the pair-wide setting ({@code FailoverSetting}):
 * a change made on an SC (an operator's on or off, or the automatic off after a failover) takes
 * generation max(its own, the peer's last) + 1; the higher generation wins on both SCs, OFF at
 * equal ones; an SC persists every setting it adopts before it acts on it, and boots from it (the
 * simulated state store, as FileStateStore on a real SC). So an OFF that reached an SC's core holds
 * there, over its restarts too, until an ON of a higher generation reaches it — and that can only be
 * <ul>
 * <li>an ON delivered to either SC after the OFF: it may win (it may also lose; the fact is dropped
 * either way), or</li>
 * <li>an ON delivered to the peer before it, which this SC may never have heard of (a partition)
 * and whose generation may exceed the OFF's: it then wins when the link heals, by the protocol's
 * own rule, and a takeover after it is no violation. "No later ON" alone would call it one.</li>
 * </ul>
 * The second is ruled out by counting, not by guessing: a change's generation is at most the
 * number of changes the pair can have made until it was made (every on/off delivered, and every
 * MAIN where the automatic off is configured), and at most one above the highest generation its SC
 * can hold then — the highest in any frame the link delivered to it, or of a change of its own
 * (a change takes max(its own, the peer's last) + 1, and what it holds came in a frame or was made
 * there). Both are read once the ON surely was made, as what ran ahead of it in its instant counts
 * too. An OFF's generation is at least the number of commands the SC's core took, itself included
 * (each raises its generation, which is never lost). An OFF holds only if that floor reaches the
 * ceiling of every ON the peer was given before it (one the peer may still be about to make has no
 * ceiling yet: the OFF does not hold).
 *
 * <p>"Took" is judged from the simulator's side as well: a command goes to the SC's scheduler,
 * which runs it in the instant it was delivered or, while the SC is stalled, at the stall's end
 * behind what waited there. It was taken once that instant has passed with the same incarnation
 * running; a stop, start, halt or fail-safe restart by then may have dropped it, so it is not
 * counted. A claim in that very instant may come before it: only a later claim sees it.
 */
final class FailoverSettingFacts {
    private final Chassis chassis;
    /** Each MAIN may make a change of its own (SMS's disable-after-failover): the ceiling counts them. */
    private boolean automaticOff = true;
    /** Per SC: its software's own setting, as after the previous event; and as its current claim began. */
    private final boolean[] softwareOn = {true, true};
    private final boolean[] onAtClaim = {true, true};
    /** The ceiling: how many changes the pair can have made so far, in all. */
    private long changes;
    /** Per SC: the highest generation a change of its own can have had (with the frames it heard: its ceiling). */
    private final long[] ownGeneration = new long[2];
    /**
     * Per SC: the ceiling of the latest ON delivered to it (0: none; MAX_VALUE while it may still be
     * waiting: the ceiling is read once it was surely made, since what runs ahead of it in its
     * instant, a MAIN's own change among it, raises its generation).
     */
    private final long[] onCeiling = new long[2];
    /**
     * Per SC: the same ceiling, but only of ONs it may have taken (0: none). One delivered while no
     * software ran to take it made nothing: the link's record ({@link LinkSettingFacts}), which
     * knows exactly what reached the SC since, has no need to count it, and counting it would miss
     * an OFF heard after a reboot (an ON lost to a powered-off SC outranking the peer's off).
     */
    private final long[] ownOnCeiling = new long[2];
    /** Per SC: the commands its core took, over all its incarnations (the floor of its generation). */
    private final long[] taken = new long[2];
    /** Per SC: an OFF it took holds by the record. */
    private final boolean[] off = new boolean[2];
    /** Per SC: the floor of that OFF's generation (the commands its core had taken, the OFF included). */
    private final long[] offFloor = new long[2];
    /** Per SC: commands delivered to its running software and not surely taken yet. */
    private final int[] waiting = new int[2];
    /** Per SC: the last of them is an OFF, and no ON was delivered to either SC since. */
    private final boolean[] waitingOff = new boolean[2];
    /** Per SC: an ON is among them. */
    private final boolean[] waitingOn = new boolean[2];
    /** Per SC: the instant they run in, at the latest (a stall's end). */
    private final long[] waitingUntil = new long[2];
    /** The record of an OFF that came over the link (an off told to the peer reaches an SC only so). */
    private final LinkSettingFacts link;

    FailoverSettingFacts(Chassis chassis, ControllerSoftware[] sw, ViolationLog log) {
        this.chassis = chassis;
        // before a frame raises what an SC may hold, commands it surely took earlier are closed at what it held then
        this.link = new LinkSettingFacts(chassis, sw, i -> settle(i, chassis.time().now()));
        // what an SC holds by this record, its frames must say
        new SentSettingRule(chassis, sw, this::heldOff, log);
        chassis.trace().listen(e -> {
            if (e.kind() == TraceEvent.Kind.STALL) {
                stalled(e);
            }
        });
    }

    /** Whether a MAIN may make a change of its own ({@code CoreConfig.disableAfterFailover}); true until told. */
    void automaticOff(boolean configured) {
        automaticOff = configured;
    }

    /** The simulator delivers {@code op} to {@code sc}'s software (before handing it over). */
    void delivered(ScId sc, Op op, ControllerSoftware software) {
        if (op == Op.FAILOVER_FORCE) {
            return;
        }
        int i = sc.index();
        long now = chassis.time().now();
        settle(0, now);
        settle(1, now);
        changes++;
        boolean runs = software.running() && software.role() != Role.HALTED;
        if (op == Op.FAILOVER_ON) {
            // dropped by the software if it does not run: then it made nothing, but costs only a verdict
            onCeiling[i] = runs ? Long.MAX_VALUE : changes;
            for (int k = 0; k < 2; k++) {
                off[k] = false;
                waitingOff[k] = false;
            }
            if (runs) {
                ownOnCeiling[i] = Long.MAX_VALUE;
                link.onCommand(i);
            }
        }
        if (runs) {
            long at = Math.max(now, chassis.stalledUntil(sc));
            waitingUntil[i] = waiting[i] == 0 ? at : Math.max(waitingUntil[i], at);
            waiting[i]++;
            waitingOff[i] = op == Op.FAILOVER_OFF;
            waitingOn[i] |= op == Op.FAILOVER_ON;
        }
    }

    /** The commands {@code i} was given are taken once their instant has passed. */
    private void settle(int i, long now) {
        if (waiting[i] == 0 || now <= waitingUntil[i]) {
            return;
        }
        taken[i] += waiting[i];
        close(i);
        if (waitingOff[i]) {
            waitingOff[i] = false;
            settle(1 - i, now); // the peer's ONs made by now have their ceilings
            off[i] = taken[i] >= onCeiling[1 - i];
            offFloor[i] = taken[i];
        }
    }

    /** SC {@code i}'s waiting commands were taken or dropped: an ON among them has made what it could. */
    private void close(int i) {
        // each may have been a change, one above the last: the ON among them at most as high as all
        long local = generationBound(i) + waiting[i];
        ownGeneration[i] = local;
        waiting[i] = 0;
        if (waitingOn[i]) {
            onCeiling[i] = Math.min(changes, local);
            ownOnCeiling[i] = onCeiling[i];
            waitingOn[i] = false;
        }
    }

    /** The highest generation SC {@code i} can hold now: one it heard over the link, or one it made. */
    private long generationBound(int i) {
        return Math.max(ownGeneration[i], link.heardGeneration(i));
    }

    /** A stall that begins by the instant waiting commands run in holds them to its end. */
    private void stalled(TraceEvent e) {
        int i = e.sc().index();
        if (waiting[i] > 0 && e.time() <= waitingUntil[i]) {
            waitingUntil[i] = Math.max(waitingUntil[i], e.b());
        }
    }

    /** {@code sc}'s software stopped or started: what it had not surely taken may be lost. */
    void interrupted(ScId sc) {
        int i = sc.index();
        settle(i, chassis.time().now());
        close(i);
        waitingOff[i] = false;
        link.interrupted(i);
    }

    /** SC {@code i} became MAIN: with the automatic off configured, that may be a change of its own. */
    void mainEntered(int i) {
        if (automaticOff) {
            long now = chassis.time().now();
            settle(0, now); // ONs taken before it keep the ceiling they had
            settle(1, now);
            changes++;
            ownGeneration[i] = generationBound(i) + 1;
        }
    }

    /** After a full pass: each software's own setting, and a stop not yet seen by a callback. */
    void observe(ControllerSoftware[] sw) {
        for (int i = 0; i < 2; i++) {
            softwareOn[i] = sw[i].failoverEnabled();
            if ((waiting[i] > 0 || link.pending(i)) && !running(sw[i])) {
                interrupted(ScId.of(i));
            }
        }
    }

    /** Whether a pass now would change nothing {@link #observe} keeps (what the checker's fast path assumes). */
    boolean unchanged(ControllerSoftware[] sw) {
        return sw[0].failoverEnabled() == softwareOn[0] && sw[1].failoverEnabled() == softwareOn[1] && settled(sw);
    }

    /**
     * {@link #unchanged} for software whose settings are known not to have changed since the last
     * {@link #observe} (its {@link ControllerSoftware#stateVersion()} did not move): the checker's
     * fast path, which then need not read them through the software after every event.
     */
    boolean settled(ControllerSoftware[] sw) {
        return (waiting[0] == 0 && !link.pending(0) || running(sw[0]))
                && (waiting[1] == 0 && !link.pending(1) || running(sw[1]));
    }

    private static boolean running(ControllerSoftware s) {
        return s.running() && s.role() != Role.HALTED;
    }

    /** SC {@code i} begins a claim: whether its failover was off, by its software or by the record. */
    void claimBegins(int i) {
        settle(i, chassis.time().now()); // its ONs taken by now have their ceilings
        onAtClaim[i] = softwareOn[i] && !off[i] && !link.off(i, ownOnCeiling[i]);
    }

    /**
     * The generation of the OFF SC {@code i}'s setting surely is, or is above, by the record (-1:
     * none): one its core took from the operator (at least as many generations as commands it had
     * taken) or from a frame ({@link LinkSettingFacts}), with nothing since that can outrank it —
     * what {@link #claimBegins} holds a claim to, and {@link SentSettingRule} every frame it sends.
     */
    long heldOff(int i) {
        settle(i, chassis.time().now());
        long viaLink = link.heldOff(i, ownOnCeiling[i]);
        return off[i] ? Math.max(offFloor[i], viaLink) : viaLink;
    }

    /**
     * FAILOVER_OFF's verdict on {@code e}, logged by SC {@code i}: a takeover of a MAIN it saw dead
     * (or powered off; not one it never heard) while its failover was off as its claim began.
     */
    boolean offTakeover(int i, HealthEvent e) {
        return e.kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER && e.detail() instanceof HealthEvent.Detail.Takeover t
                && t.evidence() != HealthEvent.Detail.Takeover.Evidence.NOT_HEARD && !onAtClaim[i];
    }
}
