package dev.pairlock.daemon;

import dev.pairlock.hal.ControllerHardware;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every device the protocol reads, once, before the control loop starts: the Gchip
 * registers, the heartbeat input and slot 0's presence register; the reset line into the peer is
 * checked (found, not in use) without being requested — its first write, which only an SC with a
 * claim makes, requests it.
 *
 * <p>Why: the Linux backend opens each device on first use, and the first use links the native
 * calls behind it (the FFM downcall stubs are generated then). On a fast machine that is a few
 * hundred milliseconds; on a slow or emulated CPU it was measured at 13 s (the two-SC campaign
 * under QEMU/TCG: Boot at 18.4 s of JVM uptime, first tick at 31.6 s). Done inside the first
 * tick, that time counts against the discovery window, the loop drops the peer's frames that
 * waited out the stall as stale, and the SC decides alone: a fence of a peer that was only slow
 * to start. Done here, the protocol's clock starts when the hardware answers at its normal speed.
 *
 * <p>Only reads, so an SC that holds no authority may do it. A device that fails is not an error
 * here: the control loop meets the same failure on its first use and handles it as it always
 * does (fail safe, logged with the device's name); this only says so at debug level.
 */
final class HardwareWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(HardwareWarmup.class);

    private HardwareWarmup() {
    }

    /** Reads each part once; returns the parts that failed (each "name: message"), for the log. */
    static List<String> readEach(ControllerHardware hw) {
        List<String> failed = new ArrayList<>();
        read("Gchip REF_SEL", () -> hw.gchip().refSel(), failed);
        read("Gchip phase lock", () -> hw.gchip().phaseLocked(), failed);
        read("Gchip peer clock", () -> hw.gchip().peerClockPresent(), failed);
        read("heartbeat input", () -> hw.heartbeatIn().edgeCount(), failed);
        if (hw.boards().slotCount() > 0) {
            read("slot 0 presence", () -> hw.boards().board(0).presence(), failed);
        }
        // checked, not driven: a reset line that will not work is found now, not in the takeover
        // that needs it (the fence would fail and the takeover with it)
        java.util.Optional<String> problem;
        try {
            problem = hw.resetToPeer().flatMap(r -> r.problem());
        } catch (RuntimeException e) { // a HAL's check that fails is a problem to report, not a reason not to start
            problem = java.util.Optional.of(e.toString());
        }
        problem.ifPresent(p -> {
            failed.add("reset line into the peer: " + p);
            LOG.warn("the reset line into the peer cannot be used: {}; until fixed, a takeover that must fence the peer"
                    + " fails", p);
        });
        return failed;
    }

    private static void read(String part, Supplier<?> read, List<String> failed) {
        try {
            read.get();
        } catch (RuntimeException e) {
            failed.add(part + ": " + e.getMessage());
            LOG.debug("warm-up: {} failed ({}); the control loop will meet it too", part, e.toString());
        }
    }
}
