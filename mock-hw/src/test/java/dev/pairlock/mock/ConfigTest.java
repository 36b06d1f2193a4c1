package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ChassisConfig c = ChassisConfig.defaults();
        assertEquals(18, c.slots());
        assertEquals(Duration.ofMillis(500), c.i2cTimeout());
        assertEquals(100_000, c.busSpeedHz());
        assertTrue(c.resetWired(ScId.SC0));
        assertTrue(c.resetWired(ScId.SC1));
        assertEquals(Duration.ofMillis(50), c.lockTime());
        assertEquals(InitialState.COLD, c.initialState());
        assertEquals(0x23, c.registerMap().address());
        assertEquals(ChassisConfig.DEFAULT_BOARD_ID, c.boardId(3));
        assertTrue(c.bothLeadersLockLoss().maxNanos() < c.bothFollowersLockLoss().maxNanos());
    }

    @Test
    void withersChangeOneValue() {
        ChassisConfig c = ChassisConfig.defaults().withSeed(9).withSlots(256);
        assertEquals(9, c.seed());
        assertEquals(256, c.slots());
        assertEquals(ChassisConfig.defaults().lockTime(), c.lockTime());
        assertFalse(c.toBuilder().resetWired(ScId.SC1, false).build().resetWired(ScId.SC1));
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().slots(0).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().slots(257).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().i2cTimeout(Duration.ofMillis(5)).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().busSpeedHz(0).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().lockTime(Duration.ZERO).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().spllRelock(Duration.ofMillis(-1)).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().heartbeatPropagation(Duration.ofNanos(-1)).build());
        assertThrows(HalArgumentException.class, () -> DurationRange.ofMillis(5, 4));
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().bothLeadersLockLoss(DurationRange.ofMillis(0, 4)).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().emptySlots(Set.of(18)).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().boardIds(Map.of(0, 0x100)).build());
        assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().traceCapacity(-1).build());
        HalArgumentException e = assertThrows(HalArgumentException.class, () -> ChassisConfig.builder().slots(300).build());
        assertTrue(e.getMessage().contains("1..256"), e.getMessage());
    }

    @Test
    void faultArgumentsAreValidated() {
        assertThrows(HalArgumentException.class, () -> new Fault.HangBus(ScId.SC0, -1));
        assertThrows(HalArgumentException.class, () -> new Fault.IntermittentBus(ScId.SC0, 0, 1.5, I2cErrorKind.NACK));
        assertThrows(HalArgumentException.class, () -> new Fault.IntermittentBus(ScId.SC0, 0, Double.NaN, I2cErrorKind.NACK));
        assertThrows(HalArgumentException.class, () -> new Fault.Reset(ScId.SC0, Duration.ZERO));
        assertThrows(HalArgumentException.class, () -> new Fault.Stall(ScId.SC0, Duration.ofMillis(-5)));
        assertThrows(HalArgumentException.class, () -> new Fault.RemoveBoard(-2));
        assertThrows(NullPointerException.class, () -> new Fault.NicDown(null));
        Chassis chassis = new Chassis(ChassisConfig.defaults());
        assertThrows(HalArgumentException.class, () -> chassis.inject(new Fault.HangBus(ScId.SC0, 18)));
        assertThrows(HalArgumentException.class, () -> chassis.inject(new Fault.InsertBoard(18)));
        assertThrows(HalArgumentException.class, () -> chassis.schedule(new Fault.NackDevice(0), -1));
    }

    @Test
    void randomFaultsCoverEveryTypeAndFitTheChassis() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        ChassisConfig c = ChassisConfig.defaults().withSlots(4);
        Set<Class<?>> seen = new java.util.HashSet<>();
        Chassis chassis = new Chassis(c);
        for (int i = 0; i < 2_000; i++) {
            Fault f = Fault.random(r, c);
            seen.add(f.getClass());
            chassis.inject(f);
        }
        assertEquals(Fault.TYPES, seen.size());
        assertEquals(Fault.class.getPermittedSubclasses().length, Fault.TYPES);
    }
}
