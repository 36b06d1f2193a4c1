package dev.pairlock.hal.board;

import dev.pairlock.hal.ScId;

/** The SPLL's selected input and whether it is locked to that input. */
public record SpllStatus(ScId input, boolean locked) {
}
