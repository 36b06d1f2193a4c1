package dev.pairlock.supervision;

/**
 * The failfast path (ServiceGuard's TOC): give up MAIN authority at once and let the hardware
 * watchdog reset the SC. pairlockd implements it; the supervisor calls it when a failfast service
 * fails, after recording why.
 */
@FunctionalInterface
public interface Halt {
    void halt(String cause);
}
