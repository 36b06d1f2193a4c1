package dev.pairlock.adapters.diozero;

import com.diozero.api.DeviceMode;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.I2CConstants;
import com.diozero.api.NoSuchDeviceException;
import com.diozero.api.PinInfo;
import com.diozero.api.SerialDevice;
import com.diozero.api.SpiClockMode;
import com.diozero.internal.spi.AnalogInputDeviceInterface;
import com.diozero.internal.spi.AnalogOutputDeviceInterface;
import com.diozero.internal.spi.BaseNativeDeviceFactory;
import com.diozero.internal.spi.GpioDigitalDeviceInterface;
import com.diozero.internal.spi.GpioDigitalInputDeviceInterface;
import com.diozero.internal.spi.GpioDigitalInputOutputDeviceInterface;
import com.diozero.internal.spi.GpioDigitalOutputDeviceInterface;
import com.diozero.internal.spi.InternalI2CDeviceInterface;
import com.diozero.internal.spi.InternalPwmOutputDeviceInterface;
import com.diozero.internal.spi.InternalSerialDeviceInterface;
import com.diozero.internal.spi.InternalServoDeviceInterface;
import com.diozero.internal.spi.InternalSpiDeviceInterface;
import com.diozero.internal.spi.MmapGpioInterface;
import com.diozero.sbc.BoardInfo;
import com.diozero.util.PropertyUtil;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.SystemClock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * diozero's native device factory on pairlock's drivers. diozero finds it through
 * {@code META-INF/services/com.diozero.internal.spi.NativeDeviceFactoryInterface} when this jar is
 * on the class path (or module path), or by name with
 * {@code -Ddiozero.devicefactory=dev.pairlock.adapters.diozero.PairlockDeviceFactory}.
 *
 * <ul>
 * <li>I2C: {@code /dev/i2c-N} through pairlock's {@code LinuxI2cBus} (I2C_TIMEOUT, typed errors);</li>
 * <li>GPIO: every {@code /dev/gpiochipN} (or {@code pairlock.gpio.chips}) through GPIO uAPI v2,
 *     numbered as {@link PairlockBoardInfo} says, with kernel edge events and debounce;</li>
 * <li>memory-mapped GPIO: the register block {@code pairlock.mmap.*} names ({@link MmapGpioBlock});</li>
 * <li>SPI, PWM, servo, analog input/output and serial: not pairlock's; each provisioning call
 *     throws {@link UnsupportedOperationException} naming what is missing.</li>
 * </ul>
 */
public class PairlockDeviceFactory extends BaseNativeDeviceFactory {
    private final PairlockHardware hardware;
    private final Clock monotonic;
    private final InstantSource wall;
    /**
     * Per GPIO number, the lost edges of the device that listens, or last listened, to its edges: what
     * {@link #getEdgesLost} answers, also after that device is closed.
     */
    private final Map<Integer, EdgeLoss> edgeLosses = new ConcurrentHashMap<>();

    /** A GPIO number's line: the chip, its offset on it, and diozero's number for it. */
    record Line(GpioChip chip, int offset, int gpio) {
    }

    /** What diozero instantiates: the machine's own devices, configured by {@code pairlock.*} properties. */
    public PairlockDeviceFactory() {
        this(PairlockHardware.linux(ProviderSettings.read(key -> PropertyUtil.getProperty(key, null))),
                SystemClock.INSTANCE, InstantSource.system());
    }

    /**
     * Over hardware the caller provides (the simulated chassis, or buses and chips it opened): the
     * factory uses them and closes none of them.
     */
    public PairlockDeviceFactory(I2cBuses buses, List<GpioChip> chips, Optional<MmapGpioInterface> mmap,
                                 Clock monotonic, InstantSource wall) {
        this(PairlockHardware.given(buses, chips, mmap), monotonic, wall);
    }

    private PairlockDeviceFactory(PairlockHardware hardware, Clock monotonic, InstantSource wall) {
        this.hardware = hardware;
        this.monotonic = monotonic;
        this.wall = wall;
    }

    Clock monotonic() {
        return monotonic;
    }

    InstantSource wall() {
        return wall;
    }

    @Override
    public String getName() {
        return "pairlock";
    }

    @Override
    protected BoardInfo lookupBoardInfo() {
        Supplier<MmapGpioInterface> mmap = () -> hardware.mmap().orElse(null);
        return DiozeroErrors.call(() -> new PairlockBoardInfo(hardware.chips(), mmap));
    }

    @Override
    public void shutdown() {
        hardware.close();
    }

    // ---- I2C

    @Override
    public List<Integer> getI2CBusNumbers() {
        return DiozeroErrors.call(() -> hardware.buses().numbers());
    }

    @Override
    public int getI2CFunctionalities(int controller) {
        return DiozeroErrors.call(() -> (int) hardware.buses().bus(controller).functionality().mask());
    }

    @Override
    public InternalI2CDeviceInterface createI2CDevice(String key, int controller, int address,
                                                      I2CConstants.AddressSize addressSize) {
        if (addressSize != I2CConstants.AddressSize.SIZE_7) {
            throw new UnsupportedOperationException("10-bit I2C addresses are not supported by pairlock's I2C (i2c-"
                    + controller + ", address 0x" + Integer.toHexString(address) + ")");
        }
        return DiozeroErrors.call(() -> {
            I2cBus bus = hardware.buses().bus(controller);
            // as diozero's own provider: diozero.i2c.slaveforce reaches a chip a kernel driver holds;
            // the reserved addresses need the same "forced" flag in pairlock's address type
            boolean force = PropertyUtil.isPropertySet("diozero.i2c.slaveforce")
                    || address < I2cAddress.FIRST_NORMAL || address > I2cAddress.LAST_NORMAL;
            return new PairlockI2cDevice(key, this, bus, new I2cAddress(address, force));
        });
    }

    // ---- GPIO

    /** The chip line behind a pin, as {@link PairlockBoardInfo} numbered it. */
    Line line(PinInfo pin) {
        return line(pin.getDeviceNumber());
    }

    private Line line(int gpio) {
        List<GpioChip> chips = hardware.chips();
        int first = 0;
        for (GpioChip c : chips) {
            if (gpio >= first && gpio < first + c.lineCount()) {
                return new Line(c, gpio - first, gpio);
            }
            first += c.lineCount();
        }
        throw new NoSuchDeviceException("No such GPIO #" + gpio + ": the GPIO chips have " + first + " lines (0.."
                + (first - 1) + "); see gpioinfo");
    }

    @Override
    public GpioDigitalInputDeviceInterface createDigitalInputDevice(String key, PinInfo pinInfo, GpioPullUpDown pud,
                                                                    GpioEventTrigger trigger) {
        return new PairlockDigitalInput(key, this, line(pinInfo), pud, trigger);
    }

    @Override
    public GpioDigitalOutputDeviceInterface createDigitalOutputDevice(String key, PinInfo pinInfo, boolean initialValue) {
        return new PairlockDigitalOutput(key, this, line(pinInfo), initialValue);
    }

    @Override
    public GpioDigitalInputOutputDeviceInterface createDigitalInputOutputDevice(String key, PinInfo pinInfo, DeviceMode mode) {
        return new PairlockDigitalInputOutput(key, this, line(pinInfo), mode);
    }

    /**
     * The line's level: from the diozero device that holds it if there is one, else read as
     * gpioget does (requested as-is, read, released) so that an output keeps its value.
     */
    @Override
    public int getGpioValue(int gpio) {
        PinInfo pin = getBoardPinInfo().getByGpioNumberOrThrow(gpio);
        if (getDevice(createPinKey(pin)) instanceof GpioDigitalDeviceInterface d) {
            return d.getValue() ? 1 : 0;
        }
        Line l = line(pin);
        try (LineRequest r = GpioLines.request(l.chip(), l.offset(), LineSettings.DEFAULT.withDirection(Direction.AS_IS))) {
            return DiozeroErrors.call(() -> r.get(l.offset())) ? 1 : 0;
        }
    }

    /**
     * How many edges of GPIO {@code gpio} the kernel lost while this factory's input device listened to
     * them (its event buffer overflowed: the line changed faster than its edges were read), which no
     * listener heard: the device that holds the GPIO now with edges, or the last that did, its count kept
     * after it is closed; 0 if none did. Each loss is also on the next event the listeners get
     * ({@link EdgeInputEvent#getEdgesLostBefore()}) and in a warning. Any thread. A diozero application
     * reaches it as {@code if (DeviceFactoryHelper.getNativeDeviceFactory() instanceof PairlockDeviceFactory f)}.
     *
     * @throws NoSuchDeviceException no GPIO {@code gpio} on the chips (diozero's answer to a wrong number)
     */
    public long getEdgesLost(int gpio) {
        line(gpio); // a wrong number is said, not answered with 0
        EdgeLoss loss = edgeLosses.get(gpio);
        return loss == null ? 0 : loss.total();
    }

    /** An input device now listens to {@code gpio}'s edges: {@link #getEdgesLost} answers with its count. */
    void counting(int gpio, EdgeLoss loss) {
        edgeLosses.put(gpio, loss);
    }

    @Override
    public DeviceMode getGpioMode(int gpio) {
        Line l = line(getBoardPinInfo().getByGpioNumberOrThrow(gpio));
        Direction d = DiozeroErrors.call(() -> l.chip().lineInfo(l.offset()).settings().direction());
        return d == Direction.OUTPUT ? DeviceMode.DIGITAL_OUTPUT : DeviceMode.DIGITAL_INPUT;
    }

    // ---- what pairlock does not drive: diozero's "unsupported" answer, before any pin bookkeeping

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not supported by diozero's pairlock provider (pairlock drives"
                + " I2C, GPIO and memory-mapped registers); use diozero's default provider or an expansion board for it");
    }

    @Override
    public InternalPwmOutputDeviceInterface provisionPwmOutputDevice(PinInfo pinInfo, int pwmFrequency, float initialValue) {
        throw unsupported("PWM output");
    }

    @Override
    public InternalPwmOutputDeviceInterface createPwmOutputDevice(String key, PinInfo pinInfo, int pwmFrequency, float initialValue) {
        throw unsupported("PWM output");
    }

    @Override
    public int getBoardPwmFrequency() {
        throw unsupported("PWM output");
    }

    @Override
    public void setBoardPwmFrequency(int pwmFrequency) {
        throw unsupported("PWM output");
    }

    @Override
    public InternalServoDeviceInterface provisionServoDevice(PinInfo pinInfo, int frequencyHz, int minPulseWidthUs,
                                                             int maxPulseWidthUs, int initialPulseWidthUs) {
        throw unsupported("Servo output");
    }

    @Override
    public InternalServoDeviceInterface createServoDevice(String key, PinInfo pinInfo, int frequencyHz, int minPulseWidthUs,
                                                          int maxPulseWidthUs, int initialPulseWidthUs) {
        throw unsupported("Servo output");
    }

    @Override
    public int getBoardServoFrequency() {
        throw unsupported("Servo output");
    }

    @Override
    public void setBoardServoFrequency(int servoFrequency) {
        throw unsupported("Servo output");
    }

    @Override
    public AnalogInputDeviceInterface provisionAnalogInputDevice(PinInfo pinInfo) {
        throw unsupported("Analog input");
    }

    @Override
    public AnalogInputDeviceInterface createAnalogInputDevice(String key, PinInfo pinInfo) {
        throw unsupported("Analog input");
    }

    @Override
    public AnalogOutputDeviceInterface provisionAnalogOutputDevice(PinInfo pinInfo, float initialValue) {
        throw unsupported("Analog output");
    }

    @Override
    public AnalogOutputDeviceInterface createAnalogOutputDevice(String key, PinInfo pinInfo, float initialValue) {
        throw unsupported("Analog output");
    }

    @Override
    public InternalSpiDeviceInterface provisionSpiDevice(int controller, int chipSelect, int frequency,
                                                         SpiClockMode spiClockMode, boolean lsbFirst) {
        throw unsupported("SPI");
    }

    @Override
    public InternalSpiDeviceInterface createSpiDevice(String key, int controller, int chipSelect, int frequency,
                                                      SpiClockMode spiClockMode, boolean lsbFirst) {
        throw unsupported("SPI");
    }

    @Override
    public InternalSerialDeviceInterface provisionSerialDevice(String deviceFilename, int baud, SerialDevice.DataBits dataBits,
            SerialDevice.StopBits stopBits, SerialDevice.Parity parity, boolean readBlocking, int minReadChars,
            int readTimeoutMillis) {
        throw unsupported("Serial");
    }

    @Override
    public InternalSerialDeviceInterface createSerialDevice(String key, String deviceFilename, int baud,
            SerialDevice.DataBits dataBits, SerialDevice.StopBits stopBits, SerialDevice.Parity parity,
            boolean readBlocking, int minReadChars, int readTimeoutMillis) {
        throw unsupported("Serial");
    }
}
