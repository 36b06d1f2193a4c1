package dev.pairlock.platform;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.config.ConfigException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.spll.SlotWiring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One SC's platform file, parsed and checked: its hardware (what {@link LinuxBackend} opens) and
 * the daemon's settings (what {@code pairlockd} runs with). Immutable. Read it with
 * {@link PlatformFile#read}; the sample {@code etc/sample.conf} documents every key.
 *
 * <p>Parts that only some tools need are optional here ({@code heartbeat.in}, a peer link, ...):
 * {@code scctl} works with a file that describes only the I2C buses. A tool that needs a part asks
 * for it with {@link #require}, which fails as {@code file:line: key: is required: why}.
 *
 * @param source          the file
 * @param endLine         the file's last line, where "missing key" errors point
 * @param sc              {@code sc}: whose hardware this machine is (required)
 * @param boards          {@code slots}, {@code slot.N.bus}/{@code .address}, {@code board.*}
 * @param i2c             {@code i2c.timeout} (default 500 ms, a multiple of 10 ms) and {@code i2c.retries} (default 1)
 * @param gchipLayout     {@code gchip.refsel}, {@code gchip.phase_lock}, {@code gchip.peer_clock} (REGISTER:BIT;
 *                        default clock-regs' {@link GchipLayout#DEFAULT})
 * @param windows         register windows by name: "gchip" ({@code gchip.device/offset/size}) and every
 *                        {@code window.NAME.*}, in that order
 * @param heartbeatOut    {@code heartbeat.out}: this SC's SBBC heartbeat line (CHIP:LINE)
 * @param heartbeatIn     {@code heartbeat.in}: the peer's heartbeat as latched here
 * @param resetOut        {@code reset.out}: the line this SC drives to hold the peer in reset; empty: not wired
 * @param resetIn         {@code reset.in}: the peer has a reset line into this SC (default no)
 * @param failover        {@code fdt}, {@code failover.default}, {@code failover.disable_after_failover}
 * @param primaryLink     {@code peer.primary.*}
 * @param fallbackLink    {@code peer.fallback.*} (only with a primary)
 * @param keyFile         {@code key.file}: the pair key (default /etc/pairlock/pair.key; checked when loaded)
 * @param watchdog        {@code watchdog.device}, {@code watchdog.timeout}
 * @param stateDir        {@code state.dir}: persistent state such as setfailover (default /var/lib/pairlock)
 * @param controlSocket   {@code control.socket}: scctl's Unix socket to the daemon (default /run/pairlock/control.sock)
 * @param controlRtPriority {@code control.rt_priority}: the control loop's SCHED_FIFO priority, 1..99; 0 (the
 *                        default) leaves it at the normal time-sharing policy
 * @param controlAdminGroup {@code control.admin_group}: the group whose members may run the control socket's
 *                        admin operations (setfailover, clearing the SEL) besides root and pairlockd's user
 *                        (default pairlock-admin; a group that does not exist makes no one a member)
 * @param firmwareVersion {@code firmware.version}
 */
public record PlatformConfig(Path source, int endLine, ScId sc, BoardWiring boards, I2cSettings i2c,
                             GchipLayout gchipLayout, Map<String, WindowRef> windows,
                             Optional<GpioLineRef> heartbeatOut, Optional<GpioLineRef> heartbeatIn,
                             Optional<GpioLineRef> resetOut, boolean resetIn, FailoverSettings failover,
                             Optional<PeerLinkConfig> primaryLink, Optional<PeerLinkConfig> fallbackLink,
                             Path keyFile, Optional<WatchdogConfig> watchdog, Path stateDir, Path controlSocket,
                             int controlRtPriority, String controlAdminGroup, Optional<FirmwareVersion> firmwareVersion) {
    public static final Path DEFAULT_KEY_FILE = Path.of("/etc/pairlock/pair.key");
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/pairlock");
    public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/pairlock/control.sock");
    /** The same as control's {@code AccessPolicy.DEFAULT_ADMIN_GROUP} (platform does not depend on control). */
    public static final String DEFAULT_CONTROL_ADMIN_GROUP = "pairlock-admin";

    public PlatformConfig {
        windows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(windows));
    }

    public int slots() {
        return boards.slotCount();
    }

    /** The Gchip's register window ({@code gchip.device/offset/size}), if configured. */
    public Optional<WindowRef> gchipWindow() {
        return Optional.ofNullable(windows.get("gchip"));
    }

    /** This SC can fence its peer: {@code reset.out} names the line. */
    public boolean resetWiredToPeer() {
        return resetOut.isPresent();
    }

    /** The peer can fence this SC: {@code reset.in = yes}. */
    public boolean resetWiredFromPeer() {
        return resetIn;
    }

    /** The configured peer links, primary first. */
    public List<PeerLinkConfig> peerLinks() {
        List<PeerLinkConfig> out = new ArrayList<>(2);
        primaryLink.ifPresent(out::add);
        fallbackLink.ifPresent(out::add);
        return out;
    }

    /**
     * {@code value} if present, else the error a tool that needs it reports:
     * {@code file:LAST: key: is required: why}. E.g.
     * {@code cfg.require(cfg.primaryLink(), "peer.primary.remote", "pairlockd talks to its peer over it")}.
     */
    public <T> T require(Optional<T> value, String key, String why) {
        return value.orElseThrow(() -> missing(key, "is required: " + why));
    }

    /** An error about a key this file does not set, reported at its last line. */
    public ConfigException missing(String key, String message) {
        return new ConfigException(source, endLine, key, message);
    }

    /**
     * What this file makes a tool open, one line each, for {@code pairlockd --check}; nothing is
     * opened to produce it.
     */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("platform file " + source + ": " + sc.name().toLowerCase(Locale.ROOT) + ", " + slots() + " board slots");
        var map = boards.registerMap();
        out.add(String.format("boards: register map ID 0x%02x (%s), SPLL select 0x%02x, status 0x%02x (lock bit %d,"
                + " input-present bit %d, output-enabled bit %d)", map.idRegister(), map.wordId() ? "word" : "byte",
                map.selectRegister(), map.statusRegister(), map.lockBit(), map.inputPresentBit(), map.outputEnabledBit()));
        for (int k = 0; k < slots(); k++) {
            SlotWiring w = boards.slots().get(k);
            out.add(String.format("slot %d: /dev/i2c-%d address 0x%02x", k, w.bus(), w.address()));
        }
        out.add("i2c: timeout " + i2c.timeout().toMillis() + " ms, " + i2c.retries() + " retries");
        for (WindowRef w : windows.values()) {
            out.add((w.name().equals("gchip") ? "gchip" : "window " + w.name()) + ": " + w);
        }
        out.add("gchip layout: REF_SEL " + bit(gchipLayout.refSel()) + ", PHASE_LOCK " + bit(gchipLayout.phaseLock())
                + ", PEER_CLOCK " + bit(gchipLayout.peerClock()));
        out.add("heartbeat out: " + heartbeatOut.map(Object::toString).orElse("not configured"));
        out.add("heartbeat in: " + heartbeatIn.map(Object::toString).orElse("not configured"));
        out.add("reset into the peer: " + resetOut.map(Object::toString).orElse("not wired"));
        out.add("reset from the peer: " + (resetIn ? "wired" : "not wired"));
        out.add("failover: fdt " + failover.fdt().toMillis() + " ms, " + (failover.enabledByDefault() ? "on" : "off")
                + " by default, " + (failover.disableAfterFailover() ? "disabled" : "kept on") + " after a failover");
        for (PeerLinkConfig l : peerLinks()) {
            out.add("peer link " + l.name() + ": " + l.local() + " -> " + l.remote()
                    + l.networkInterface().map(i -> " on " + i).orElse(""));
        }
        out.add("key file: " + keyFile);
        out.add("watchdog: " + watchdog.map(w -> w.device() + ", timeout " + w.timeout().toSeconds() + " s").orElse("none"));
        out.add("state dir: " + stateDir);
        out.add("control socket: " + controlSocket + " (administrators: root, pairlockd's user, group " + controlAdminGroup + ")");
        out.add("control loop: " + (controlRtPriority == 0 ? "normal priority (SCHED_OTHER)" : "SCHED_FIFO " + controlRtPriority));
        firmwareVersion.ifPresent(v -> out.add("firmware version: " + v));
        return out;
    }

    private static String bit(dev.pairlock.hal.reg.BitField f) {
        return "0x" + Long.toHexString(f.offset()) + ":" + f.shift();
    }
}
