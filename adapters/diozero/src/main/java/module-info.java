/**
 * diozero's device factory over pairlock's drivers: a diozero application gets pairlock's I2C
 * (typed errors, bus timeouts), GPIO v2 lines with kernel edge events, and memory-mapped GPIO
 * registers, without changing a line. Found by diozero's ServiceLoader lookup or named with
 * {@code -Ddiozero.devicefactory=dev.pairlock.adapters.diozero.PairlockDeviceFactory}.
 */
module dev.pairlock.adapters.diozero {
    requires transitive diozero.core;
    requires dev.pairlock.hal;
    requires dev.pairlock.config;
    requires dev.pairlock.i2c;
    requires dev.pairlock.gpio;
    requires dev.pairlock.clockregs;

    exports dev.pairlock.adapters.diozero;

    provides com.diozero.internal.spi.NativeDeviceFactoryInterface
            with dev.pairlock.adapters.diozero.PairlockDeviceFactory;
}
