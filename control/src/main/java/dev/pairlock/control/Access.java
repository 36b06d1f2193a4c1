package dev.pairlock.control;

import java.util.Locale;

/**
 * Who may run an operation: Sun's SMS split of operator and administrator. Every operation declares
 * one when it is registered ({@link HandlerRegistry#register}), so whether it needs an administrator
 * is written in one place, beside its handler, and the server checks it before the handler runs.
 */
public enum Access {
    /**
     * Only reads: anyone who may connect to the socket (root and group {@code pairlock}, the socket's
     * mode 0660) may run it, as SMS's platoper may run the show commands.
     */
    READ,
    /**
     * Changes the pair's behaviour or destroys records ({@code failover.set}, {@code events.clear}):
     * an administrator only ({@link AccessPolicy}), as SMS's platadm.
     */
    ADMIN;

    /** How {@code help} and the documentation name it: {@code read} or {@code admin}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
