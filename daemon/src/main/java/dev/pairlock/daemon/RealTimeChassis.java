package dev.pairlock.daemon;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.Spll;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.VirtualTime;
import dev.pairlock.platform.SimBackend;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The simulated chassis (mock-hw, assembled by the platform's {@link SimBackend}: the real spll and
 * Gchip code) run against the wall clock instead of virtual time, for a daemon on no hardware
 * ({@code pairlockd --sim}) and for the daemon's tests. Every HAL call takes one lock, first runs
 * the chassis' virtual time up to the real time elapsed (lock acquisition, drift, SPLL relock
 * happen when they would), then acts. The boards, clocks, heartbeat lines and reset lines are
 * simulated; the peer link, the clock and the scheduler are the daemon's own, real ones.
 */
public final class RealTimeChassis {
    private final SimBackend sim;
    private final VirtualTime time;
    private final Clock real;
    private final ReentrantLock lock = new ReentrantLock();
    private final long realOrigin;
    private final long virtualOrigin;

    public RealTimeChassis(ChassisConfig config, Clock real) {
        this.sim = SimBackend.create(config);
        this.time = sim.chassis().time();
        this.real = real;
        this.realOrigin = real.nanos();
        this.virtualOrigin = time.now();
    }

    public Chassis chassis() {
        return sim.chassis();
    }

    /** Runs {@code action} on the chassis at the current real time, under the chassis lock. */
    public <T> T at(Supplier<T> action) {
        lock.lock();
        try {
            long target = virtualOrigin + (real.nanos() - realOrigin);
            if (target > time.now()) {
                time.runUntil(target);
            }
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void run(Runnable action) {
        at(() -> {
            action.run();
            return null;
        });
    }

    /** A {@link HardwareSource} of SC {@code sc} of this chassis. */
    public HardwareSource source(ScId sc) {
        return new HardwareSource() {
            @Override
            public ControllerHardware open(PeerLink link, Clock clock, Scheduler scheduler) {
                return view(sc, link, clock, scheduler);
            }

            @Override
            public String describe() {
                return "the simulated " + sim.chassis().config().slots() + "-board chassis (mock-hw) on the wall clock, as " + sc;
            }

            @Override
            public void close() {
            }
        };
    }

    /** {@code sc}'s hardware: the simulated parts behind the lock, the given link, clock and scheduler. */
    public ControllerHardware view(ScId sc, PeerLink link, Clock clock, Scheduler scheduler) {
        ControllerHardware v = sim.controller(sc);
        Gchip g = v.gchip();
        Gchip gchip = new Gchip() {
            public RefSel refSel() {
                return at(g::refSel);
            }

            public void setRefSel(RefSel mode) {
                run(() -> g.setRefSel(mode));
            }

            public boolean phaseLocked() {
                return at(g::phaseLocked);
            }

            public boolean peerClockPresent() {
                return at(g::peerClockPresent);
            }
        };
        BoardBay bay = v.boards();
        BoardBay boards = new BoardBay() {
            public int slotCount() {
                return bay.slotCount();
            }

            public Board board(int slot) {
                Board b = at(() -> bay.board(slot));
                return new Board() {
                    public int slot() {
                        return slot;
                    }

                    public Presence presence() {
                        return at(b::presence);
                    }

                    public Spll spll() {
                        Spll s = at(b::spll);
                        return new Spll() {
                            public SpllStatus status() {
                                return at(s::status);
                            }

                            public void select(ScId input) {
                                run(() -> s.select(input));
                            }
                        };
                    }
                };
            }
        };
        HeartbeatOutput out = v.heartbeatOut();
        HeartbeatInput in = v.heartbeatIn();
        HeartbeatInput input = new HeartbeatInput() {
            public long edgeCount() {
                return at(in::edgeCount);
            }

            public AutoCloseable listen(HeartbeatListener listener) {
                return at(() -> in.listen(listener));
            }
        };
        return new ControllerHardware(sc, v.buses(), boards, gchip, () -> run(out::beat), input,
                v.resetToPeer().map(r -> new ResetLine() {
                    public void assertReset() {
                        run(r::assertReset);
                    }

                    public void release() {
                        run(r::release);
                    }

                    public boolean asserted() {
                        return at(r::asserted);
                    }

                    public java.util.Optional<String> problem() {
                        return at(r::problem);
                    }
                }), link, clock, scheduler);
    }
}
