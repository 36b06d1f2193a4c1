package dev.pairlock.mock;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Scheduler.Timer;
import dev.pairlock.mock.TraceEvent.Kind;
import dev.pairlock.spll.BoardRegisterMap;

/**
 * One slot's board: its register device (shared by both SCs' buses, so the SPLL select is one
 * register either SC can write) and its clock physics: selected input, SPLL lock, domain running.
 */
final class BoardModel {
    private final Chassis chassis;
    private final BoardRegisterMap map;
    final int slot;
    final int id;
    boolean present;
    boolean nacking;
    ScId input = ScId.SC0;
    boolean spllLocked;
    boolean running;
    private int pointer;
    private byte[] scratch;
    private Timer relock;

    BoardModel(Chassis chassis, int slot, int id, boolean present) {
        this.chassis = chassis;
        this.map = chassis.config().registerMap();
        this.slot = slot;
        this.id = id;
        this.present = present;
    }

    /** Whether the device answers its address right now. */
    boolean answers() {
        return present && !nacking;
    }

    int read(int register) {
        int r = register & 0xFF;
        if (r == map.idRegister()) {
            return id & 0xFF;
        }
        if (map.wordId() && r == map.idRegister() + 1) {
            return (id >>> 8) & 0xFF;
        }
        if (r == map.selectRegister()) {
            return input.index();
        }
        if (r == map.statusRegister()) {
            return (spllLocked ? map.lockMask() : 0) | (chassis.powered(input) ? map.inputPresentMask() : 0)
                    | (running ? map.outputEnabledMask() : 0);
        }
        return scratch == null ? 0 : scratch[r] & 0xFF;
    }

    /** Writes by SC {@code writer}; the ID and status registers are read-only. */
    void write(ScId writer, int register, int value) {
        int r = register & 0xFF;
        if (r == map.selectRegister()) {
            select(writer, ScId.of(value & 1));
        } else if (r != map.statusRegister() && r != map.idRegister() && !(map.wordId() && r == map.idRegister() + 1)) {
            if (scratch == null) {
                scratch = new byte[256];
            }
            scratch[r] = (byte) value;
        }
    }

    /** SMBus receive byte: reads at the device's address pointer and advances it (as i2c-stub does). */
    int readAtPointer() {
        int v = read(pointer);
        pointer = (pointer + 1) & 0xFF;
        return v;
    }

    void setPointer(int register) {
        pointer = register & 0xFF;
    }

    void writeAtPointer(ScId writer, int value) {
        write(writer, pointer, value);
        pointer = (pointer + 1) & 0xFF;
    }

    private void select(ScId writer, ScId to) {
        long now = chassis.time().now();
        ScId from = input;
        chassis.trace().record(now, Kind.SPLL_SELECT, writer, slot, from.index(), to.index());
        if (to == from) {
            // programming a stopped board's SPLL onto a live clock is what starts its domain
            if (!running && relock == null && chassis.powered(to)) {
                startRelock(true);
            }
            return;
        }
        input = to;
        cancelRelock();
        if (running) {
            if (chassis.phaseLocked()) {
                return; // glitch-free: the two clocks are in phase, the domain never notices
            }
            running = false;
            spllLocked = false;
            chassis.recordViolation(new TraceEvent(now, Kind.DOMAIN_STOP_VIOLATION, writer, slot, from.index(), to.index()));
        }
        spllLocked = false;
        if (chassis.powered(to)) {
            startRelock(true);
        }
    }

    private void startRelock(boolean restartDomain) {
        relock = chassis.time().schedule(chassis.config().spllRelock().toNanos(), () -> {
            relock = null;
            spllLocked = true;
            if (restartDomain && !running) {
                running = true;
                chassis.trace().record(chassis.time().now(), Kind.DOMAIN_RESTART, input, slot, 0, 0);
            }
        });
    }

    private void cancelRelock() {
        if (relock != null) {
            relock.cancel();
            relock = null;
        }
    }

    /** SC {@code sc} lost power: a board following it stops (a physical loss, not a protocol violation). */
    void clockLost(ScId sc) {
        if (!present || input != sc) {
            return;
        }
        cancelRelock();
        spllLocked = false;
        if (running) {
            running = false;
            chassis.recordPhysicalLoss(new TraceEvent(chassis.time().now(), Kind.DOMAIN_STOP_PHYSICAL, sc, slot, 0, 0));
        }
    }

    /** SC {@code sc}'s clock came back: the SPLL relocks, but the domain waits to be programmed. */
    void clockRestored(ScId sc) {
        if (present && input == sc && !spllLocked && relock == null) {
            startRelock(false);
        }
    }

    void remove() {
        cancelRelock();
        present = false;
        running = false;
        spllLocked = false;
        chassis.trace().record(chassis.time().now(), Kind.BOARD_REMOVE, null, slot, 0, 0);
    }

    /** A newly seated board powers up on SC0's clock (its SPLL's reset value) with its domain stopped. */
    void insert() {
        present = true;
        input = ScId.SC0;
        running = false;
        spllLocked = false;
        pointer = 0;
        scratch = null;
        chassis.trace().record(chassis.time().now(), Kind.BOARD_INSERT, null, slot, 0, 0);
        if (chassis.powered(ScId.SC0)) {
            startRelock(false);
        }
    }

    BoardState state() {
        return new BoardState(slot, present, input, spllLocked, running);
    }
}
