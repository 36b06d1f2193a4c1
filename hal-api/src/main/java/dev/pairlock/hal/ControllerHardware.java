package dev.pairlock.hal;

import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.util.Objects;
import java.util.Optional;

/**
 * One SC's complete view of its hardware, assembled from one backend (real Linux drivers or the
 * simulated chassis; platform's {@code LinuxBackend} and {@code SimBackend} are the assemblers). Everything above the HAL receives one of these and nothing else: time and
 * scheduling come from here too, so the failover logic runs unchanged on virtual time.
 *
 * @param self          which controller this view belongs to
 * @param buses         the I2C buses by adapter number
 * @param boards        presence and SPLL of every board slot, over {@code buses} (slot k on bus k
 *                      unless the platform file wires it elsewhere)
 * @param gchip         this SC's clock chip (REF_SEL, phase lock)
 * @param heartbeatOut  this SC's heartbeat (SBBC output)
 * @param heartbeatIn   the peer's heartbeat as latched by this SC
 * @param resetToPeer   the reset line this SC drives into the peer, if wired in this direction
 * @param peerLink      the RPC channel to the peer, independent of the heartbeat line
 * @param clock         monotonic time
 * @param scheduler     timers
 */
public record ControllerHardware(
        ScId self,
        I2cBuses buses,
        BoardBay boards,
        Gchip gchip,
        HeartbeatOutput heartbeatOut,
        HeartbeatInput heartbeatIn,
        Optional<ResetLine> resetToPeer,
        PeerLink peerLink,
        Clock clock,
        Scheduler scheduler) {

    public ControllerHardware {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(buses, "buses");
        Objects.requireNonNull(boards, "boards");
        Objects.requireNonNull(gchip, "gchip");
        Objects.requireNonNull(heartbeatOut, "heartbeatOut");
        Objects.requireNonNull(heartbeatIn, "heartbeatIn");
        Objects.requireNonNull(resetToPeer, "resetToPeer");
        Objects.requireNonNull(peerLink, "peerLink");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
    }
}
