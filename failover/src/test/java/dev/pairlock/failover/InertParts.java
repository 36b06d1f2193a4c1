package dev.pairlock.failover;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.util.Optional;

/**
 * The parts of an SC that a runtime test on real lanes or a hand-driven scheduler does not exercise,
 * written once: each test builds only the part it watches (a Gchip that holds a write, a reset line
 * that lands late) and takes these for the rest of its {@code ControllerHardware}.
 */
final class InertParts {
    private InertParts() {
    }

    /** One slot whose board nobody reads (the tests' protocols never scan presence). */
    static BoardBay oneUnreadSlot() {
        return new BoardBay() {
            public int slotCount() {
                return 1;
            }

            public Board board(int slot) {
                throw new UnsupportedOperationException("not used");
            }
        };
    }

    /** Bus 0, never opened. */
    static I2cBuses oneUnusedBus() {
        return new I2cBuses() {
            public java.util.List<Integer> numbers() {
                return java.util.List.of(0);
            }

            public I2cBus bus(int number) {
                throw new UnsupportedOperationException("not used");
            }

            public void close() {
            }
        };
    }

    /** The peer's heartbeat input with no edge ever. */
    static HeartbeatInput silentHeartbeat() {
        return new HeartbeatInput() {
            public long edgeCount() {
                return 0;
            }

            public AutoCloseable listen(HeartbeatListener listener) {
                return () -> { };
            }
        };
    }

    /** A peer link whose carrier is up, that drops what it is sent and never delivers a frame. */
    static PeerLink quietLink() {
        return new PeerLink() {
            public void send(byte[] frame) {
            }

            public boolean carrier() {
                return true;
            }

            public void onFrame(FrameReceiver receiver) {
            }
        };
    }

    /** A Gchip that reads FOLLOWER whatever is written, never phase-locked, the peer's clock present. */
    static Gchip followerGchip() {
        return new Gchip() {
            public RefSel refSel() {
                return RefSel.FOLLOWER;
            }

            public void setRefSel(RefSel mode) {
            }

            public boolean phaseLocked() {
                return false;
            }

            public boolean peerClockPresent() {
                return true;
            }
        };
    }

    /** SC0 with {@code gchip} and {@code resetToPeer}, every other part inert. */
    static ControllerHardware sc0(Gchip gchip, Optional<ResetLine> resetToPeer, Clock clock, Scheduler scheduler) {
        return new ControllerHardware(ScId.SC0, oneUnusedBus(), oneUnreadSlot(), gchip, () -> { }, silentHeartbeat(),
                resetToPeer, quietLink(), clock, scheduler);
    }
}
