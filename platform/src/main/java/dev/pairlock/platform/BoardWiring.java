package dev.pairlock.platform;

import dev.pairlock.spll.BoardRegisterMap;
import dev.pairlock.spll.SlotWiring;
import java.util.List;

/**
 * The board slots of one SC: where each slot's board register device is ({@code slot.N.bus},
 * {@code slot.N.address}; by default slot k on bus k at {@code board.address}) and the register map
 * every board shares ({@code board.*}).
 *
 * @param slots       slot k's wiring at index k; {@code slots.size()} is the platform file's {@code slots}
 * @param registerMap ID, SPLL select and status registers and bits
 */
public record BoardWiring(List<SlotWiring> slots, BoardRegisterMap registerMap) {
    public BoardWiring {
        slots = List.copyOf(slots);
    }

    public int slotCount() {
        return slots.size();
    }
}
