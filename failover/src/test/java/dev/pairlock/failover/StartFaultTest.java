package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A start that throws — the protocol's factory, or a listener told of the start — takes the
 * fail-safe path like any other fault of the control loop: no authority exercised, FOLLOWER, the
 * software stopped and started again after the back-off. Never a runtime marked running with no
 * tick armed, a dead control loop only a watchdog reading {@link ControllerRuntime#ticks()} would
 * notice. The start runs as a scheduled restart does, as a task of the (virtual-time) scheduler,
 * which like a real scheduler's thread outlives a task that throws.
 */
class StartFaultTest {
    /** Its timers; what escaped a task (the runtime let it out) is kept for the assertions. */
    private final HandDrivenTime time = HandDrivenTime.keepingEscapes();
    /** When LEADER was written: authority exercised. */
    private final List<Long> leaderWrites = new ArrayList<>();
    private RefSel refSel = RefSel.FOLLOWER;
    private int starts;
    private long restartIn = -1;

    /** MAIN at boot, with a long lease, and leads at once: any authority it is given, it exercises. */
    private static StubLogic leader() {
        return new StubLogic(Role.UNKNOWN, 1, Long.MIN_VALUE, (self, event, now, out) -> {
            if (event instanceof Event.Boot) {
                self.role = Role.MAIN;
                self.lease = now + 60_000_000_000L;
                out.add(new Command.WriteRefSel(RefSel.LEADER));
            }
        });
    }

    @Test
    void aListenerThatThrowsOnItsFirstStartFailsSafeAndTheRuntimeRecovers() {
        ControllerRuntime rt = runtime(c -> leader(), true);
        startsFailThenRecover(rt);
    }

    @Test
    void aProtocolFactoryThatThrowsOnItsFirstCallFailsSafeAndTheRuntimeRecovers() {
        int[] calls = {0};
        ControllerRuntime rt = runtime(c -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("injected: the protocol could not be made");
            }
            return leader();
        }, false);
        startsFailThenRecover(rt);
        assertEquals(2, calls[0]);
    }

    private void startsFailThenRecover(ControllerRuntime rt) {
        time.schedule(0, rt::start); // as the back-off's restart runs it
        time.runUntil(0);
        assertEquals(List.of(), time.escaped(), "the start's exception escaped the runtime");
        assertEquals(1, rt.faults(), "the start failed safe");
        assertFalse(rt.running(), "a runtime whose start failed is not running");
        assertEquals(Role.UNKNOWN, rt.role());
        assertTrue(restartIn > 0, "a restart is due after the back-off");

        time.runUntil(restartIn - 1);
        assertFalse(rt.running(), "still backing off");
        assertEquals(0, rt.ticks(), "no tick of the failed start ran");
        assertEquals(List.of(), leaderWrites, "authority exercised while broken");
        assertEquals(RefSel.FOLLOWER, refSel);

        long restarted = restartIn;
        time.runUntil(restarted + 1_000_000_000L); // the restart, then an FDT of ticks
        assertTrue(rt.running(), "restarted after the back-off");
        assertEquals(Role.MAIN, rt.role());
        assertTrue(rt.ticks() > 0, "the control loop runs again: its ticks advance");
        assertEquals(List.of(restarted), leaderWrites, "authority exercised only by the restarted software");
        assertEquals(1, rt.faults());
        assertEquals(List.of(), time.escaped());
    }

    private ControllerRuntime runtime(Function<CoreConfig, ControllerLogic> protocol, boolean listenerThrowsFirst) {
        ControllerRuntime.Listener listener = new ControllerRuntime.Listener() {
            @Override
            public void onStart(ScId sc, long nowNanos) {
                if (starts++ == 0 && listenerThrowsFirst) {
                    throw new IllegalStateException("injected: the listener failed");
                }
            }

            @Override
            public void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
                restartIn = nowNanos + restartInNanos;
            }
        };
        Gchip gchip = new Gchip() {
            public RefSel refSel() {
                return refSel;
            }

            public void setRefSel(RefSel mode) {
                if (mode == RefSel.LEADER) {
                    leaderWrites.add(time.nanos());
                }
                refSel = mode;
            }

            public boolean phaseLocked() {
                return true;
            }

            public boolean peerClockPresent() {
                return true;
            }
        };
        ControllerHardware hw = InertParts.sc0(gchip, Optional.empty(), time, time);
        CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
        return new ControllerRuntime(hw, cfg, time, new MeteredLanes(time, () -> 0, 1), protocol, listener,
                3 * cfg.fdtNanos());
    }
}
