package dev.pairlock.simulation;

import dev.pairlock.failover.PeerCodec;
import dev.pairlock.failover.PeerMessage;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import java.util.function.IntToLongFunction;

/**
 * FAILOVER_OFF_SENT: an SC that surely holds failover off says so in every frame it sends. The
 * setting is pair-wide and travels only in the frames (every frame carries the sender's), so an
 * SC that took an off and keeps sending its old setting leaves its peer unaware: the peer then
 * takes over a dead MAIN, rightly by what it heard (FAILOVER_OFF does not hold it), and the off is
 * lost to the pair without any takeover the checker could blame. This rule blames the sender.
 *
 * <p>What an SC holds is the record's own fact ({@link FailoverSettingFacts#heldOff}: an off its
 * core surely took, from the operator or from a frame, and nothing that can outrank it since),
 * the same fact a claim of that SC is judged by. Its setting is then that off or one above it in
 * the protocol's order, so each frame it sends must carry failover off of at least that
 * generation: one carrying on, or an older off, is a violation (the first such frame while the
 * SC holds one fact; not every frame after it).
 *
 * <p>A frame is judged as it is sent ({@link Chassis#observeSentFrames}), not as it arrives: a
 * frame sent before the off was taken and delivered after carried the setting of its instant,
 * rightly. The fact counts only once the instant it was taken in has passed, so a frame sent in
 * that instant (before or after the take, the record cannot tell) is not judged either. A frame
 * the receiver would reject ({@link PeerCodec}) carries no setting and is not judged; nor is one
 * sent by software that is not running or halted (none sends).
 */
final class SentSettingRule {
    static final String RULE = "FAILOVER_OFF_SENT";

    private final Chassis chassis;
    private final ControllerSoftware[] sw;
    /** Per SC index: the generation of the off it surely holds now, -1 for none. */
    private final IntToLongFunction heldOff;
    private final ViolationLog log;
    /** Per SC: the held off's generation the last violation was for (-1: none), so one lapse is one violation. */
    private final long[] reported = {-1, -1};

    SentSettingRule(Chassis chassis, ControllerSoftware[] sw, IntToLongFunction heldOff, ViolationLog log) {
        this.chassis = chassis;
        this.sw = sw;
        this.heldOff = heldOff;
        this.log = log;
        chassis.observeSentFrames(this::sent); // one observer for the run: nothing allocated per frame
    }

    /** {@code from} sends {@code frame} now. */
    private void sent(ScId from, byte[] frame) {
        int i = from.index();
        ControllerSoftware s = sw[i];
        if (!s.running() || s.role() == Role.HALTED) {
            return;
        }
        long held = heldOff.applyAsLong(i);
        if (held < 0) {
            reported[i] = -1;
            return;
        }
        boolean enabled;
        try {
            enabled = PeerCodec.settingEnabled(frame); // read in place: this runs for every frame sent
        } catch (IllegalArgumentException e) {
            return;
        }
        long generation = PeerCodec.settingGeneration(frame);
        if (!enabled && generation >= held || reported[i] == held) {
            return;
        }
        reported[i] = held;
        PeerMessage m = PeerCodec.decode(frame); // a violation: naming the frame may allocate
        log.add(chassis.time().now(), RULE, from + " sent " + m.kind() + " seq " + m.seq() + " (epoch " + m.epoch()
                + ") carrying failover " + (enabled ? "on" : "off") + " of generation " + generation
                + " while it surely held failover off of generation " + held + " or above: every frame it sends"
                + " must carry the setting it holds, or its peer never learns it");
    }
}
