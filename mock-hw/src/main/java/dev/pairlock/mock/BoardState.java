package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

/**
 * Ground truth of one slot at one instant.
 *
 * @param present  a board is seated (a NACK fault does not change this)
 * @param input    the SPLL's selected input
 * @param locked   the SPLL is locked to a live input
 * @param running  the board's domain is running
 */
public record BoardState(int slot, boolean present, ScId input, boolean locked, boolean running) {
}
