package dev.pairlock.mock;

import dev.pairlock.clockregs.RegisterGchip;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.spll.I2cBoardBay;
import java.util.Optional;

/**
 * One SC's raw parts as these tests drive them, with spll's board code and clock-regs' Gchip code
 * over the buses and the Gchip window — what the chassis looks like to the code that runs on it.
 * (Production code gets its {@code ControllerHardware} from platform's {@code SimBackend}; mock-hw's
 * tests cannot use it, since platform depends on mock-hw.)
 */
record Parts(I2cBuses buses, BoardBay boards, Gchip gchip, HeartbeatOutput heartbeatOut, HeartbeatInput heartbeatIn,
             Optional<ResetLine> resetToPeer, PeerLink peerLink) {
    static Parts of(Chassis c, ScId sc) {
        return new Parts(c.i2cBuses(sc), new I2cBoardBay(c.i2cBuses(sc), c.config().slots(), c.config().registerMap()),
                new RegisterGchip(c.gchipRegisters(sc), c.config().gchipLayout()), c.heartbeatOut(sc), c.heartbeatIn(sc),
                c.resetLine(sc), c.peerLink(sc));
    }
}
