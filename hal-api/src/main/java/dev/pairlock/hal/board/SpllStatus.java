package dev.pairlock.hal.board;

import dev.pairlock.hal.ScId;

/**
 * The SPLL's selected input, whether it is locked to that input, and whether its output clocks the
 * board's domain. The output is gated off when the domain stops (its input vanished, or a switch
 * glitched) and enabled again by programming the select: a board on the right clock, locked and
 * with its output enabled needs no write at all.
 */
public record SpllStatus(ScId input, boolean locked, boolean outputEnabled) {
}
