package dev.pairlock.adapters.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.provider.exception.ProviderNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pi4J's auto context finds the plugin by its ServiceLoader entry, on x86-64 too. */
class PluginDiscoveryTest {
    @Test
    void theAutoContextUsesPairlocksProviders() {
        Context ctx = Pi4J.newAutoContext();
        try {
            assertEquals(PairlockPlugin.I2C_PROVIDER_ID, ctx.provider(IOType.I2C).id());
            assertEquals(PairlockPlugin.DIGITAL_INPUT_PROVIDER_ID, ctx.provider(IOType.DIGITAL_INPUT).id());
            assertEquals(PairlockPlugin.DIGITAL_OUTPUT_PROVIDER_ID, ctx.provider(IOType.DIGITAL_OUTPUT).id());
            assertThrows(ProviderNotFoundException.class, () -> ctx.provider(IOType.SERIAL));
            // this host has no /dev/i2c-77: the error is pairlock's, naming the bus and what to do
            IOException e = assertThrows(IOException.class,
                    () -> ctx.create(I2C.newConfigBuilder(ctx).id("x").bus(77).device(0x50).build()));
            assertTrue(e.getMessage().contains("i2c-77"), e.getMessage());
        } finally {
            ctx.shutdown();
        }
    }

    @Test
    void badPropertiesNameTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PluginSettings.read(Map.of("pairlock.i2c.timeout", "99999999999999999999ms")::get));
        assertTrue(e.getMessage().startsWith("Pi4J property pairlock.i2c.timeout"), e.getMessage());
        assertEquals("gpiochip0", PluginSettings.read(Map.<String, String>of()::get).gpioChip());
    }
}
