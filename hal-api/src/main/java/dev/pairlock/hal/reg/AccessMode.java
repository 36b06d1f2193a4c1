package dev.pairlock.hal.reg;

/**
 * The memory ordering of a register access. There is deliberately no plain mode: a plain load may
 * be hoisted out of a polling loop or merged with another, which is never right for a device
 * register.
 */
public enum AccessMode {
    /** Not reordered with other accesses to the same register; no ordering with others. */
    OPAQUE,
    /** Reads acquire, writes release: orders the access against surrounding memory operations. */
    ACQUIRE_RELEASE,
    /** Sequentially consistent. */
    VOLATILE
}
