package dev.pairlock.failover;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.ArrayList;
import java.util.List;

/** Feeds hand-made events to one core and keeps what it asked for. */
final class CoreDriver {
    static final long MS = 1_000_000L;
    final ControllerCore core;
    final CoreConfig cfg;
    long now;
    long edges;
    boolean carrier = true;
    boolean peerClock = true;
    /** The failover setting the simulated peer's frames carry. */
    FailoverSetting peerSetting = FailoverSetting.initial(true);
    /** The boards the simulated peer says it reaches (default: every slot, as we do after boot). */
    int peerReachable;
    /** The boot scan finds this many of our slots (the first ones) on hung buses. */
    int unreachableSlots;
    final List<Command> all = new ArrayList<>();

    CoreDriver(CoreConfig cfg) {
        this.cfg = cfg;
        this.core = new ControllerCore(cfg);
        this.peerReachable = cfg.slots();
    }

    static CoreDriver of(ScId sc) {
        return new CoreDriver(CoreConfig.defaults(sc, 2));
    }

    List<Command> step(Event e) {
        List<Command> out = new ArrayList<>();
        core.handle(e, now, out);
        all.addAll(out);
        return out;
    }

    List<Command> boot(RefSel refSel) {
        return scanned(step(new Event.Boot(refSel, java.util.Optional.empty())));
    }

    List<Command> boot(RefSel refSel, PersistedState persisted) {
        return scanned(step(new Event.Boot(refSel, java.util.Optional.of(persisted))));
    }

    /** Answers the boot's health scan: every slot has a board we reach. */
    private List<Command> scanned(List<Command> bootCommands) {
        List<Command> all = new ArrayList<>(bootCommands);
        for (Command.ReadPresence r : only(bootCommands, Command.ReadPresence.class)) {
            all.addAll(step(r.slot() < unreachableSlots ? new Event.PresenceRead(r.slot(), Event.PresenceRead.Outcome.ERROR, -1)
                    : new Event.PresenceRead(r.slot(), Event.PresenceRead.Outcome.PRESENT, 0x5A)));
        }
        return all;
    }

    /** One tick later; {@code peerBeats} advances the peer's heartbeat edge count. */
    List<Command> tick(boolean peerBeats) {
        now += cfg.tickNanos();
        if (peerBeats) {
            edges += 2;
        }
        return step(new Event.Tick(edges, carrier, peerClock));
    }

    /** One tick later, with {@code stale} peer frames dropped by the runtime since the last one; no peer beat. */
    List<Command> tickWithStaleFrames(int stale) {
        now += cfg.tickNanos();
        return step(new Event.Tick(edges, carrier, peerClock, stale));
    }

    List<Command> frame(PeerMessage.Kind kind, Role role, long epoch, RefSel refSel) {
        return frame(kind, role, epoch, refSel, 0);
    }

    List<Command> frame(PeerMessage.Kind kind, Role role, long epoch, RefSel refSel, long seq) {
        return step(new Event.Frame(new PeerMessage(kind, role, epoch, refSel, seq, peerSetting, peerReachable)));
    }

    /** The nonce of the last CLAIM this core sent. */
    long claimNonce() {
        return sent(all).stream().filter(m -> m.kind() == PeerMessage.Kind.CLAIM).reduce((a, b) -> b)
                .orElseThrow().seq();
    }

    static <T> List<T> only(List<Command> cmds, Class<T> type) {
        return cmds.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<PeerMessage> sent(List<Command> cmds) {
        return only(cmds, Command.Send.class).stream().map(Command.Send::message).toList();
    }

    static boolean sentKind(List<Command> cmds, PeerMessage.Kind kind) {
        return sent(cmds).stream().anyMatch(m -> m.kind() == kind);
    }

    boolean logged(HealthEvent.Kind kind) {
        return only(all, Command.Log.class).stream().anyMatch(l -> l.event().kind() == kind);
    }

    /** Completes every board read and switch in {@code cmds} as a present board now on our clock. */
    List<Command> completeBoards(List<Command> cmds) {
        List<Command> next = new ArrayList<>();
        for (Command.ReadPresence r : only(cmds, Command.ReadPresence.class)) {
            next.addAll(step(new Event.PresenceRead(r.slot(), Event.PresenceRead.Outcome.PRESENT, 0x5A)));
        }
        List<Command> more = new ArrayList<>();
        for (Command.SwitchSpllIfLocked s : only(next, Command.SwitchSpllIfLocked.class)) {
            more.addAll(step(new Event.SpllSwitched(s.slot(), Event.SpllOutcome.SWITCHED)));
        }
        next.addAll(more);
        return next;
    }
}
