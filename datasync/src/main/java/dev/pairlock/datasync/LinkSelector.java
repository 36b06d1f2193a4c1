package dev.pairlock.datasync;

import java.util.List;

/**
 * The CMM's eth1 → eth0 rule: sync uses the primary link; when the primary fails it moves to the
 * fallback, and while it is there the primary is probed every {@code sync.link.probe_interval}; a
 * probe that gets through moves sync back. Pure: the engine reports what happened, this says what to
 * try and whether a report is a switch.
 */
final class LinkSelector {
    private final List<SyncLink> links;
    private boolean primaryDown;
    private String primaryReason = "";
    private SyncLink.Name current;
    private boolean live;

    /** A move between links, to be logged and reported once. */
    enum Switch {
        TO_FALLBACK, BACK_TO_PRIMARY
    }

    LinkSelector(List<SyncLink> links) {
        this.links = links;
    }

    boolean hasFallback() {
        return links.size() > 1;
    }

    SyncLink primary() {
        return links.getFirst();
    }

    /** The links to try, in order, for a new session. */
    List<SyncLink> order() {
        return primaryDown && hasFallback() ? List.of(links.get(1)) : links;
    }

    /** Whether the primary should be probed (sync runs on, or waits for, the fallback). */
    boolean probing() {
        return primaryDown && hasFallback();
    }

    String primaryReason() {
        return primaryReason;
    }

    void primaryFailed(String reason) {
        primaryDown = true;
        primaryReason = reason;
    }

    /** A session is up on {@code name}; the switch it makes, or null. */
    Switch connected(SyncLink.Name name) {
        SyncLink.Name before = current;
        current = name;
        live = true;
        if (name == SyncLink.Name.PRIMARY) {
            primaryDown = false;
            return before == SyncLink.Name.FALLBACK ? Switch.BACK_TO_PRIMARY : null;
        }
        return before != SyncLink.Name.FALLBACK ? Switch.TO_FALLBACK : null;
    }

    /** The session is gone; {@code name} was its link. */
    void lost(SyncLink.Name name, String reason) {
        if (name == current) {
            live = false;
        }
        if (name == SyncLink.Name.PRIMARY && hasFallback()) {
            primaryFailed(reason);
        }
    }

    /** The link of the session now up, or null. */
    SyncLink.Name current() {
        return live ? current : null;
    }
}
