package dev.pairlock.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cMessage;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.reg.BitField;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentValidationTest {

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x23, 0x50, 0x77})
    void normalAddressesAccepted(int a) {
        assertEquals(a, I2cAddress.of(a).value());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x78, 0x7F})
    void reservedAddressesNeedForce(int a) {
        var e = assertThrows(HalArgumentException.class, () -> I2cAddress.of(a));
        assertTrue(e.getMessage().contains("reserved") && e.getMessage().contains("0x03..0x77"), e.getMessage());
        assertEquals(a, I2cAddress.forced(a).value());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x80, 0x3FF})
    void nonSevenBitAddressesRejectedEvenForced(int a) {
        var e = assertThrows(HalArgumentException.class, () -> I2cAddress.forced(a));
        assertTrue(e.getMessage().contains("7-bit"), e.getMessage());
    }

    @Test
    void i2cTimeoutMustBeTensOfMillis() {
        assertEquals(50, new I2cSettings(Duration.ofMillis(500), 1).timeoutTensOfMillis());
        assertThrows(HalArgumentException.class, () -> new I2cSettings(Duration.ofMillis(15), 1));
        assertThrows(HalArgumentException.class, () -> new I2cSettings(Duration.ZERO, 1));
        assertThrows(HalArgumentException.class, () -> new I2cSettings(Duration.ofMillis(-10), 1));
        assertThrows(HalArgumentException.class, () -> new I2cSettings(Duration.ofMinutes(5), 1));
        var e = assertThrows(HalArgumentException.class, () -> new I2cSettings(Duration.ofMillis(100), -1));
        assertTrue(e.getMessage().contains("I2C retries"), e.getMessage());
    }

    @Test
    void messagesValidated() {
        I2cAddress a = I2cAddress.of(0x50);
        assertEquals(4, I2cMessage.read(a, 4).length());
        assertThrows(HalArgumentException.class, () -> I2cMessage.read(a, 0));
        assertThrows(HalArgumentException.class, () -> I2cMessage.read(a, I2cMessage.MAX_LENGTH + 1));
        assertEquals(0, I2cMessage.write(a).length(), "a zero-length write is a legal probe");
    }

    @Test
    void checkRangeNamesTheParameter() {
        var e = assertThrows(HalArgumentException.class, () -> HalArgumentException.checkRange("register", 256, 0, 255));
        assertTrue(e.getMessage().startsWith("register 256 (0x100) is out of range"), e.getMessage());
    }

    @Test
    void scIdParsing() {
        assertEquals(ScId.SC1, ScId.parse("sc1"));
        assertEquals(ScId.SC0, ScId.parse(" 0 "));
        assertEquals(ScId.SC1, ScId.SC0.peer());
        assertThrows(HalArgumentException.class, () -> ScId.parse("sc2"));
        assertThrows(HalArgumentException.class, () -> ScId.of(2));
    }

    @Test
    void bitFieldsStayInsideTheirRegister() {
        BitField refSel = new BitField("REF_SEL", 0, 0, 1);
        assertEquals(1, refSel.extract(0xFFFF_FFFF));
        assertEquals(0xFFFF_FFFE, refSel.insert(0xFFFF_FFFF, 0));
        BitField top = new BitField("TOP", 4, 28, 4);
        assertEquals(0xA, top.extract(0xA000_0000));
        assertThrows(HalArgumentException.class, () -> top.insert(0, 16));
        assertThrows(HalArgumentException.class, () -> new BitField("X", 2, 0, 1));
        assertThrows(HalArgumentException.class, () -> new BitField("X", 0, 30, 4));
        assertThrows(HalArgumentException.class, () -> new BitField("X", 0, 0, 0));
    }

    @Test
    void lineSettingsRejectContradictions() {
        assertThrows(HalArgumentException.class,
                () -> LineSettings.output(true).withEdge(LineSettings.Edge.BOTH));
        assertThrows(HalArgumentException.class,
                () -> LineSettings.input().withDrive(LineSettings.Drive.OPEN_DRAIN));
        assertThrows(HalArgumentException.class, () -> LineSettings.input().withDebounce(Duration.ofSeconds(-1)));
        assertThrows(HalArgumentException.class, () -> LineSettings.input().withDebounce(Duration.ofHours(2)));
    }

    @Test
    void lineConfigValidated() {
        LineConfig c = LineConfig.builder().add(LineSettings.input(), 3, 1).add(LineSettings.output(false), 7).build();
        assertEquals(3, c.offsets()[0]);
        assertEquals(LineSettings.Direction.OUTPUT, c.settings(7).direction());
        assertThrows(HalArgumentException.class, () -> c.settings(9));
        assertThrows(HalArgumentException.class, () -> LineConfig.of(LineSettings.input(), 1, 1));
        assertThrows(HalArgumentException.class, () -> LineConfig.of(LineSettings.input(), -1));
        assertThrows(HalArgumentException.class, () -> LineConfig.builder().build());
        int[] many = new int[65];
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
        }
        assertThrows(HalArgumentException.class, () -> LineConfig.of(LineSettings.input(), many));
    }

    @Test
    void requestConfigValidated() {
        assertEquals("pairlock", new RequestConfig("", 0).consumer());
        assertThrows(HalArgumentException.class, () -> RequestConfig.of("x".repeat(32)));
        assertThrows(HalArgumentException.class, () -> new RequestConfig("hb", -1));
    }
}
