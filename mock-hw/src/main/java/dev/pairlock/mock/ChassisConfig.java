package dev.pairlock.mock;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.spll.BoardRegisterMap;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that shapes a simulated chassis. Build with {@link #builder()} (defaults below) or
 * change one value of an existing config with {@link #toBuilder()}.
 *
 * @param slots                 board slots, 1..256 (default 18); slot k is on bus k of each SC
 * @param seed                  seed of the single random source (default 1)
 * @param i2cTimeout            per-transaction bus timeout, a multiple of 10 ms (default 500 ms as in the seed)
 * @param busSpeedHz            I2C bit rate, 10 kHz..3.4 MHz (default 100 kHz)
 * @param resetWiredFromSc0     SC0 has a reset line into SC1 (default true)
 * @param resetWiredFromSc1     SC1 has a reset line into SC0 (default true)
 * @param lockTime              time to phase-lock once exactly one SC leads (default 50 ms)
 * @param bothLeadersLockLoss   lock survives both SCs leading this long (default 10..100 ms)
 * @param bothFollowersLockLoss lock survives both SCs following this long, drift (default 300 ms..3 s)
 * @param spllRelock            an SPLL's relock time onto a live clock after switching from a dead
 *                              input or a stopped domain (default 20 ms)
 * @param peerLinkLatency       one-way frame latency (default 200 µs..1 ms)
 * @param heartbeatPropagation  heartbeat edge delay across the line (default 0: next event)
 * @param initialState          hardware state at time 0 (default {@link InitialState#COLD})
 * @param emptySlots            slots without a board (default none)
 * @param boardIds              board ID per slot, for slots not listed {@link #DEFAULT_BOARD_ID}
 * @param registerMap           the boards' register map (default {@link BoardRegisterMap#DEFAULT})
 * @param traceCapacity         0 = keep every trace event (default), else a ring of this many
 * @param gchipLayout           where REF_SEL, PHASE_LOCK and PEER_CLOCK sit in each SC's simulated Gchip
 *                              registers (default {@link GchipLayout#DEFAULT}, clock-regs' one layout)
 */
public record ChassisConfig(int slots, long seed, Duration i2cTimeout, int busSpeedHz,
                            boolean resetWiredFromSc0, boolean resetWiredFromSc1,
                            Duration lockTime, DurationRange bothLeadersLockLoss, DurationRange bothFollowersLockLoss,
                            Duration spllRelock, DurationRange peerLinkLatency, Duration heartbeatPropagation,
                            InitialState initialState, Set<Integer> emptySlots, Map<Integer, Integer> boardIds,
                            BoardRegisterMap registerMap, int traceCapacity, GchipLayout gchipLayout) {
    public static final int DEFAULT_BOARD_ID = 0x5A;
    private static final Duration MAX_PHYSICS = Duration.ofHours(1);

    public ChassisConfig {
        HalArgumentException.checkRange("board slot count", slots, 1, BoardBay.MAX_SLOTS);
        new I2cSettings(i2cTimeout, 0);
        HalArgumentException.checkRange("I2C bus speed (Hz)", busSpeedHz, 10_000, 3_400_000);
        positive("lock time", lockTime);
        positive("SPLL relock time", spllRelock);
        Objects.requireNonNull(heartbeatPropagation, "heartbeatPropagation");
        if (heartbeatPropagation.isNegative() || heartbeatPropagation.compareTo(MAX_PHYSICS) > 0) {
            throw new HalArgumentException("heartbeat propagation " + heartbeatPropagation + " is out of range 0..1 h");
        }
        range("both-leaders lock loss", bothLeadersLockLoss, true);
        range("both-followers lock loss", bothFollowersLockLoss, true);
        range("peer link latency", peerLinkLatency, false);
        Objects.requireNonNull(initialState, "initialState");
        emptySlots = Set.copyOf(emptySlots);
        for (int s : emptySlots) {
            HalArgumentException.checkRange("empty slot", s, 0, slots - 1);
        }
        Objects.requireNonNull(registerMap, "registerMap");
        boardIds = Map.copyOf(boardIds);
        boardIds.forEach((s, id) -> {
            HalArgumentException.checkRange("slot of a board ID", s, 0, slots - 1);
            HalArgumentException.checkRange("board ID of slot " + s, id, 0, registerMap.wordId() ? 0xFFFF : 0xFF);
        });
        HalArgumentException.checkRange("trace capacity", traceCapacity, 0, Integer.MAX_VALUE - 8);
        Objects.requireNonNull(gchipLayout, "gchipLayout");
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_PHYSICS) > 0) {
            throw new HalArgumentException(what + " " + d + " is out of range: valid is 1 ns..1 h");
        }
    }

    private static void range(String what, DurationRange r, boolean positive) {
        Objects.requireNonNull(r, what);
        if ((positive && r.min().isZero()) || r.max().compareTo(MAX_PHYSICS) > 0) {
            throw new HalArgumentException(what + " " + r.min() + ".." + r.max() + " is out of range: valid is "
                    + (positive ? "1 ns" : "0") + "..1 h");
        }
    }

    public static ChassisConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.slots = slots; b.seed = seed; b.i2cTimeout = i2cTimeout; b.busSpeedHz = busSpeedHz;
        b.resetWiredFromSc0 = resetWiredFromSc0; b.resetWiredFromSc1 = resetWiredFromSc1;
        b.lockTime = lockTime; b.bothLeadersLockLoss = bothLeadersLockLoss; b.bothFollowersLockLoss = bothFollowersLockLoss;
        b.spllRelock = spllRelock; b.peerLinkLatency = peerLinkLatency; b.heartbeatPropagation = heartbeatPropagation;
        b.initialState = initialState; b.emptySlots = emptySlots; b.boardIds = boardIds; b.registerMap = registerMap;
        b.traceCapacity = traceCapacity;
        b.gchipLayout = gchipLayout;
        return b;
    }

    public ChassisConfig withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    public ChassisConfig withSlots(int newSlots) {
        return toBuilder().slots(newSlots).build();
    }

    public ChassisConfig withInitialState(InitialState state) {
        return toBuilder().initialState(state).build();
    }

    /** Whether {@code from} has a reset line into its peer. */
    public boolean resetWired(ScId from) {
        return from == ScId.SC0 ? resetWiredFromSc0 : resetWiredFromSc1;
    }

    public boolean boardPresentAtStart(int slot) {
        return !emptySlots.contains(slot);
    }

    public int boardId(int slot) {
        return boardIds.getOrDefault(slot, DEFAULT_BOARD_ID);
    }

    public static final class Builder {
        private int slots = 18;
        private long seed = 1;
        private Duration i2cTimeout = I2cSettings.DEFAULT_TIMEOUT;
        private int busSpeedHz = 100_000;
        private boolean resetWiredFromSc0 = true;
        private boolean resetWiredFromSc1 = true;
        private Duration lockTime = Duration.ofMillis(50);
        private DurationRange bothLeadersLockLoss = DurationRange.ofMillis(10, 100);
        private DurationRange bothFollowersLockLoss = DurationRange.ofMillis(300, 3000);
        private Duration spllRelock = Duration.ofMillis(20);
        private DurationRange peerLinkLatency = DurationRange.ofMicros(200, 1000);
        private Duration heartbeatPropagation = Duration.ZERO;
        private InitialState initialState = InitialState.COLD;
        private Set<Integer> emptySlots = Set.of();
        private Map<Integer, Integer> boardIds = Map.of();
        private BoardRegisterMap registerMap = BoardRegisterMap.DEFAULT;
        private int traceCapacity = 0;
        private GchipLayout gchipLayout = GchipLayout.DEFAULT;

        private Builder() {
        }

        public Builder slots(int v) { slots = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder i2cTimeout(Duration v) { i2cTimeout = v; return this; }
        public Builder busSpeedHz(int v) { busSpeedHz = v; return this; }
        public Builder resetWired(ScId from, boolean wired) {
            if (from == ScId.SC0) {
                resetWiredFromSc0 = wired;
            } else {
                resetWiredFromSc1 = wired;
            }
            return this;
        }
        public Builder lockTime(Duration v) { lockTime = v; return this; }
        public Builder bothLeadersLockLoss(DurationRange v) { bothLeadersLockLoss = v; return this; }
        public Builder bothFollowersLockLoss(DurationRange v) { bothFollowersLockLoss = v; return this; }
        public Builder spllRelock(Duration v) { spllRelock = v; return this; }
        public Builder peerLinkLatency(DurationRange v) { peerLinkLatency = v; return this; }
        public Builder heartbeatPropagation(Duration v) { heartbeatPropagation = v; return this; }
        public Builder initialState(InitialState v) { initialState = v; return this; }
        public Builder emptySlots(Set<Integer> v) { emptySlots = v; return this; }
        public Builder boardIds(Map<Integer, Integer> v) { boardIds = v; return this; }
        public Builder registerMap(BoardRegisterMap v) { registerMap = v; return this; }
        public Builder traceCapacity(int v) { traceCapacity = v; return this; }
        public Builder gchipLayout(GchipLayout v) { gchipLayout = v; return this; }

        public ChassisConfig build() {
            return new ChassisConfig(slots, seed, i2cTimeout, busSpeedHz, resetWiredFromSc0, resetWiredFromSc1,
                    lockTime, bothLeadersLockLoss, bothFollowersLockLoss, spllRelock, peerLinkLatency,
                    heartbeatPropagation, initialState, emptySlots, boardIds, registerMap, traceCapacity, gchipLayout);
        }
    }
}
