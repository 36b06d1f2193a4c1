package dev.pairlock.simulation;

import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.PeerCodec;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.TraceEvent;
import java.util.function.IntConsumer;

/**
 * The part of FAILOVER_OFF's record that came over the peer link: an OFF an SC's core surely took
 * from a frame the simulated link delivered to it ({@link Chassis#observeFrames}), read from the
 * frame's bytes as the wire format defines them ({@link PeerCodec}), never from what the receiver
 * says it heard. The setting is pair-wide and every frame carries the sender's, so an off told to
 * one SC reaches the other only this way.
 *
 * <p>What a frame does to the receiver follows from the protocol's rule ({@link FailoverSetting}):
 * an SC adopts a setting that supersedes its own (the higher generation, OFF at equal ones) and
 * persists it first, and every change it makes itself takes a generation above its own; so its
 * setting never goes down that order, over its restarts too. Once its core took an OFF of
 * generation g it holds off until something above that reaches it, and the only ways are
 * <ul>
 * <li>an ON in a frame delivered to it, of a higher generation: the frame's own bytes say which
 * (every ON delivered counts, taken or not: it may have been);</li>
 * <li>an ON the operator gave it while its software ran (given to none, it made nothing): made
 * after the OFF was taken it is higher, whatever the generations (the fact ends); made before, its
 * generation is at most its ceiling (the changes the pair can have made by then, {@link
 * FailoverSettingFacts}), so only a ceiling above g can outrank the OFF.</li>
 * </ul>
 * An ON the peer was given reaches it only in the peer's frames, where the first rule sees it.
 *
 * <p>"Surely took" is judged from the simulator's side: the runtime queues a delivered frame on
 * the SC's scheduler, which runs it in the same instant unless the SC is stalled (then it runs at
 * the stall's end, where a frame that waited more than a tick is dropped as stale). So a frame
 * counts once its instant has passed, if it was delivered to running software not stalled then,
 * no stall began in that instant and the incarnation did not end in it (a stop, start or halt
 * then may come before the frame's turn). Anything else may have been dropped and does not count:
 * the record then holds an SC to less than it may have been told, never to more.
 */
final class LinkSettingFacts {
    /** No setting: below every key. */
    private static final long NONE = -1;

    private final Chassis chassis;
    private final ControllerSoftware[] sw;
    /** Told the receiving SC's index before a frame it is delivered counts here. */
    private final IntConsumer beforeFrame;
    /** Per SC: the highest OFF ({@link #key}) in a frame its core surely took since its last ON command. */
    private final long[] sureOff = {NONE, NONE};
    /** Per SC: the highest ON in any frame delivered to it. */
    private final long[] onDelivered = {NONE, NONE};
    /** Per SC: the highest OFF in frames delivered in the instant {@link #pendingAt}, not surely taken yet. */
    private final long[] pendingOff = {NONE, NONE};
    private final long[] pendingAt = new long[2];
    /** Per SC: the highest generation in any frame delivered to it (it holds none above that it did not make). */
    private final long[] heardGeneration = new long[2];

    LinkSettingFacts(Chassis chassis, ControllerSoftware[] sw, IntConsumer beforeFrame) {
        this.chassis = chassis;
        this.sw = sw;
        this.beforeFrame = beforeFrame;
        chassis.observeFrames((from, to, frame) -> delivered(to, frame));
        chassis.trace().listen(e -> {
            if (e.kind() == TraceEvent.Kind.STALL) {
                stalled(e.sc().index(), e.time());
            }
        });
    }

    /**
     * A setting's place in the supersedes order, as far as on or off goes: the generation first,
     * OFF above ON at equal ones (the reason only orders two ONs or two OFFs, which agree).
     */
    private static long key(boolean enabled, long generation) {
        return 2 * generation + (enabled ? 0 : 1);
    }

    /** The link delivers {@code frame} to {@code to}, now, before its software gets it. */
    private void delivered(ScId to, byte[] frame) {
        boolean enabled;
        try {
            enabled = PeerCodec.settingEnabled(frame); // read in place: this runs for every frame delivered
        } catch (IllegalArgumentException e) {
            return; // the receiving runtime rejects it too (BAD_FRAME): it changes no setting
        }
        long generation = PeerCodec.settingGeneration(frame);
        int i = to.index();
        beforeFrame.accept(i);
        heardGeneration[i] = Math.max(heardGeneration[i], generation);
        long k = key(enabled, generation);
        if (enabled) {
            onDelivered[i] = Math.max(onDelivered[i], k);
            return;
        }
        long now = chassis.time().now();
        settle(i, now);
        if (!running(sw[i]) || chassis.stalled(to)) {
            return; // no core takes it, or it waits out the stall and may go stale: not surely taken
        }
        if (pendingOff[i] == NONE) {
            pendingAt[i] = now;
        }
        pendingOff[i] = Math.max(pendingOff[i], k);
    }

    /** The frames {@code i} was delivered are taken once their instant has passed. */
    private void settle(int i, long now) {
        if (pendingOff[i] != NONE && now > pendingAt[i]) {
            sureOff[i] = Math.max(sureOff[i], pendingOff[i]);
            pendingOff[i] = NONE;
        }
    }

    /** A stall begins: frames of its instant may wait behind it (and go stale). */
    private void stalled(int i, long at) {
        if (pendingOff[i] != NONE && at <= pendingAt[i]) {
            pendingOff[i] = NONE;
        }
    }

    /** {@code i}'s software stopped, started or halted: frames of this instant may be lost. */
    void interrupted(int i) {
        settle(i, chassis.time().now());
        pendingOff[i] = NONE;
    }

    /** The operator gave {@code i}'s running software an ON: taken after an OFF it outranks it, so what came before is no fact. */
    void onCommand(int i) {
        sureOff[i] = NONE;
        pendingOff[i] = NONE;
    }

    /** The highest generation in a frame delivered to {@code i} so far. */
    long heardGeneration(int i) {
        return heardGeneration[i];
    }

    /** Frames of the current instant wait for {@code i}'s software to take them (the checker's fast path). */
    boolean pending(int i) {
        return pendingOff[i] != NONE && pendingAt[i] == chassis.time().now();
    }

    /**
     * Whether {@code i}'s setting is off by what the link delivered, as a claim of its begins now;
     * {@code ownOnCeiling} is the ceiling of the latest ON the operator gave it (0: none;
     * MAX_VALUE: not surely made yet).
     */
    boolean off(int i, long ownOnCeiling) {
        return heldOff(i, ownOnCeiling) >= 0;
    }

    /**
     * The generation of the OFF {@code i} holds by what the link delivered (its setting is that OFF
     * or one above it, by the rule above), -1 if it holds none; {@code ownOnCeiling} as for {@link #off}.
     */
    long heldOff(int i, long ownOnCeiling) {
        settle(i, chassis.time().now());
        long off = sureOff[i];
        boolean held = off != NONE && off > onDelivered[i] && ownOnCeiling != Long.MAX_VALUE && 2 * ownOnCeiling < off;
        return held ? off / 2 : -1; // an OFF's key is 2g + 1
    }

    private static boolean running(ControllerSoftware s) {
        return s.running() && s.role() != Role.HALTED;
    }
}
