package dev.pairlock.daemon;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.platform.LinuxBackend;
import dev.pairlock.platform.PlatformConfig;

/** Where the daemon's {@link ControllerHardware} comes from: the platform's Linux backend, or the simulated chassis. */
interface HardwareSource extends AutoCloseable {
    /** This SC's view, with the daemon's own peer link, clock and control-loop scheduler. */
    ControllerHardware open(PeerLink link, Clock clock, Scheduler scheduler);

    /** One line for the start-up log: what the hardware is. */
    String describe();

    @Override
    void close();

    /** Real devices as the platform file names them (opened lazily by the platform's {@link LinuxBackend}). */
    static HardwareSource linux(PlatformConfig cfg) {
        return new HardwareSource() {
            private LinuxBackend backend;

            @Override
            public ControllerHardware open(PeerLink link, Clock clock, Scheduler scheduler) {
                backend = LinuxBackend.builder(cfg).peerLink(link).consumer("pairlockd").clock(clock).scheduler(scheduler).open();
                return backend.hardware();
            }

            @Override
            public String describe() {
                return "Linux devices of " + cfg.source();
            }

            @Override
            public void close() {
                if (backend != null) {
                    backend.close();
                }
            }
        };
    }
}
