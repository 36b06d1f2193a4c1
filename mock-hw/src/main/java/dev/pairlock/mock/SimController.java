package dev.pairlock.mock;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SC's simulated hardware as raw parts and their state: I2C adapters (bus k wired to slot k's
 * board), the Gchip's register window, the SBBC heartbeat output and input, the reset line into the
 * peer, the peer link and a GPIO chip. The board, SPLL and Gchip code that turns these into a
 * controller's view is the real code (spll, clock-regs), assembled by platform's {@code SimBackend}.
 */
final class SimController {
    /** Largest frame the simulated link carries (a UDP datagram); larger ones are dropped. */
    static final int MAX_FRAME = 65_507;

    private final Chassis chassis;
    final ScId sc;
    final SimI2cBus[] buses;
    final I2cBuses busSet;
    final GchipRegisters registers;
    final HeartbeatOutput heartbeatOut = this::beat;
    final HeartbeatIn heartbeatIn = new HeartbeatIn();
    final Link link = new Link();
    final Optional<ResetLine> resetLine;
    boolean nicUp = true;
    boolean heartbeatCut;
    boolean linkCut;
    /** One-way latency of frames this SC sends. */
    DurationRange linkLatency;
    boolean assertingReset;
    boolean hbOutLevel;
    boolean hbInLevel;
    final SimGpioChip gpio;
    /** The config's heartbeat propagation, read once: every beat schedules its edge this far ahead. */
    private final long heartbeatPropagationNanos;

    SimController(Chassis chassis, ScId sc) {
        this.chassis = chassis;
        this.sc = sc;
        int slots = chassis.config().slots();
        this.buses = new SimI2cBus[slots];
        for (int i = 0; i < slots; i++) {
            buses[i] = new SimI2cBus(chassis, sc, i);
        }
        this.busSet = new Buses();
        this.registers = new GchipRegisters(chassis, sc, chassis.config().gchipLayout());
        this.resetLine = chassis.config().resetWired(sc) ? Optional.of(new Reset()) : Optional.empty();
        this.linkLatency = chassis.config().peerLinkLatency();
        this.gpio = new SimGpioChip(chassis, this);
        this.heartbeatPropagationNanos = chassis.config().heartbeatPropagation().toNanos();
    }

    private final class Buses implements I2cBuses {
        private final List<Integer> numbers;

        Buses() {
            Integer[] n = new Integer[buses.length];
            Arrays.setAll(n, i -> i);
            numbers = List.of(n);
        }

        @Override
        public List<Integer> numbers() {
            return numbers;
        }

        @Override
        public I2cBus bus(int number) {
            if (number < 0 || number >= buses.length) {
                throw new DeviceUnavailableException("sim:i2c-" + number, "no such adapter",
                        "the simulated chassis has buses 0.." + (buses.length - 1) + ", one per board slot");
            }
            return buses[number];
        }

        @Override
        public void close() {
        }
    }

    /**
     * The SBBC output toggles its level; the edge reaches the peer's input unless the line is cut
     * or this SC is not running (a stopped SC's output holds still).
     */
    void beat() {
        if (!chassis.running(sc) || heartbeatCut) {
            return;
        }
        boolean level = hbOutLevel = !hbOutLevel;
        SimController peer = chassis.controller0(sc.peer());
        chassis.time().schedule(heartbeatPropagationNanos, () -> {
            if (chassis.running(peer.sc)) {
                peer.hbInLevel = level;
                peer.heartbeatIn.edge(chassis.time().now());
                peer.gpio.hbInChanged(level);
            }
        });
    }

    static final class HeartbeatIn implements HeartbeatInput {
        private long edges;
        private HeartbeatListener[] listeners = new HeartbeatListener[0];

        void edge(long now) {
            long seq = ++edges;
            for (HeartbeatListener l : listeners) {
                l.onBeat(now, seq);
            }
        }

        @Override
        public long edgeCount() {
            return edges;
        }

        @Override
        public AutoCloseable listen(HeartbeatListener listener) {
            Objects.requireNonNull(listener, "listener");
            HeartbeatListener[] l = Arrays.copyOf(listeners, listeners.length + 1);
            l[listeners.length] = listener;
            listeners = l;
            return () -> {
                List<HeartbeatListener> rest = new ArrayList<>(Arrays.asList(listeners));
                rest.remove(listener);
                listeners = rest.toArray(new HeartbeatListener[0]);
            };
        }
    }

    final class Link implements PeerLink {
        private FrameReceiver receiver;

        @Override
        public void send(byte[] frame) {
            Objects.requireNonNull(frame, "frame");
            chassis.frameSent(sc, frame); // counted, and shown to observers as it leaves
            if (frame.length > MAX_FRAME || !chassis.running(sc) || !nicUp || linkCut) {
                chassis.linkDropped++;
                return;
            }
            byte[] copy = frame.clone();
            SimController peer = chassis.controller0(sc.peer());
            chassis.time().schedule(linkLatency.draw(chassis.random()), () -> {
                if (linkCut || !chassis.running(peer.sc) || !peer.nicUp || peer.link.receiver == null) {
                    chassis.linkDropped++;
                    return;
                }
                chassis.frameDelivered(sc, copy); // counted, and shown to observers first
                peer.link.receiver.onFrame(copy);
            });
        }

        @Override
        public boolean carrier() {
            return nicUp;
        }

        @Override
        public void onFrame(FrameReceiver receiver) {
            this.receiver = receiver;
        }
    }

    /** The reset line into the peer. A controller that is not running cannot drive it. */
    private final class Reset implements ResetLine {
        @Override
        public void assertReset() {
            if (!assertingReset && chassis.running(sc)) {
                assertingReset = true;
                chassis.holdInReset(sc.peer(), Chassis.HELD_BY_PEER, sc.index());
            }
        }

        @Override
        public void release() {
            if (assertingReset) {
                assertingReset = false;
                chassis.releaseReset(sc.peer(), Chassis.HELD_BY_PEER);
            }
        }

        @Override
        public boolean asserted() {
            return assertingReset;
        }
    }

    /** This SC stopped running: its reset output floats back to released. */
    void dropResetLine() {
        if (assertingReset) {
            assertingReset = false;
            chassis.releaseReset(sc.peer(), Chassis.HELD_BY_PEER);
        }
    }
}
