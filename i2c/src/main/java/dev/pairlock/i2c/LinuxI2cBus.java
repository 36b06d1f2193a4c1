package dev.pairlock.i2c;

import static dev.pairlock.i2c.I2cAbi.*;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cMessage;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.IdempotentIoctl;
import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code /dev/i2c-N} adapter. Every transaction holds the bus lock and uses the bus's own
 * native scratch (argument structs, data union, errno capture), so a warm SMBus call allocates
 * nothing and different buses never contend.
 */
public final class LinuxI2cBus implements I2cBus {
    private static final long SCRATCH_SMBUS_ARGS = 0;
    private static final long SCRATCH_SMBUS_DATA = 64;
    private static final long SCRATCH_FUNCS = 128;
    private static final long SCRATCH_RDWR_ARGS = 144;
    private static final long SCRATCH_MSGS = 192;
    private static final long SCRATCH_SIZE = SCRATCH_MSGS + RDWR_MAX_MESSAGES * MSG.byteSize();

    private final int number;
    private final String path;
    private final String name;
    private final I2cDriver driver;
    private final int fd;
    private final Arena arena;
    private final CallState cs;
    private final MemorySegment smbusArgs;
    private final MemorySegment smbusData;
    private final MemorySegment rdwrArgs;
    private final MemorySegment msgs;
    private final I2cFunctionality functionality;
    private final ReentrantLock lock = new ReentrantLock();

    private MemorySegment transferBuffer = MemorySegment.NULL;
    private volatile I2cSettings settings;
    private int selectedAddress = -1;
    private boolean selectedForced;
    private boolean closed;

    private LinuxI2cBus(int number, String path, String name, I2cDriver driver, int fd, Arena arena, CallState cs,
            I2cFunctionality functionality) {
        this.number = number;
        this.path = path;
        this.name = name;
        this.driver = driver;
        this.fd = fd;
        this.arena = arena;
        this.cs = cs;
        MemorySegment s = cs.scratch();
        this.smbusArgs = s.asSlice(SCRATCH_SMBUS_ARGS, SMBUS_IOCTL_DATA);
        this.smbusData = s.asSlice(SCRATCH_SMBUS_DATA, SMBUS_DATA);
        this.rdwrArgs = s.asSlice(SCRATCH_RDWR_ARGS, RDWR_IOCTL_DATA);
        this.msgs = s.asSlice(SCRATCH_MSGS, RDWR_MAX_MESSAGES * MSG.byteSize());
        smbusArgs.set(ValueLayout.ADDRESS, SMBUS_DATA_PTR, smbusData);
        rdwrArgs.set(ValueLayout.ADDRESS, RDWR_MSGS, msgs);
        this.functionality = functionality;
    }

    /**
     * Opens adapter {@code number} at {@code node} (normally {@code /dev/i2c-N}), reads its
     * functionality and applies {@code settings}.
     *
     * @throws DeviceUnavailableException if the node is missing, not accessible or not an i2c-dev node
     */
    public static LinuxI2cBus open(int number, String node, String name, I2cSettings settings) {
        return open(number, node, name, settings, I2cDriver.KERNEL);
    }

    static LinuxI2cBus open(int number, String node, String name, I2cSettings settings, I2cDriver driver) {
        Objects.requireNonNull(settings, "settings");
        Arena arena = Arena.ofShared();
        try {
            // unchecked: every call runs under the bus lock and checks `closed`, and close() frees the
            // arena under the same lock, so no call can outlive it; this saves the shared session's
            // acquire and release (two atomic updates) on every transaction
            CallState cs = CallState.allocateUnchecked(arena, SCRATCH_SIZE);
            int fd;
            try {
                fd = Libc.open(cs, node, Libc.O_RDWR | Libc.O_CLOEXEC);
            } catch (ErrnoException e) {
                throw I2cErrors.openFailure(node, e.number(), e.errno().description());
            }
            MemorySegment funcs = cs.scratch().asSlice(SCRATCH_FUNCS, Libc.C_LONG);
            int r = driver.ioctlNeverWaits(cs, fd, IdempotentIoctl.I2C_FUNCS, funcs);
            if (r < 0) {
                driver.close(cs, fd);
                throw I2cErrors.functionalityFailure(node, -r, Libc.strerror(-r));
            }
            // the kernel stores an unsigned long: read all 8 bytes (LP64), not an int
            I2cFunctionality f = new I2cFunctionality(funcs.get(ValueLayout.JAVA_LONG, 0));
            LinuxI2cBus bus = new LinuxI2cBus(number, node, name, driver, fd, arena, cs, f);
            try {
                bus.configure(settings);
            } catch (RuntimeException e) {
                bus.close();
                throw e;
            }
            return bus;
        } catch (RuntimeException e) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
            throw e;
        }
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String name() {
        return name;
    }

    /** The device node, e.g. "/dev/i2c-3". */
    public String path() {
        return path;
    }

    @Override
    public I2cFunctionality functionality() {
        return functionality;
    }

    @Override
    public I2cSettings settings() {
        return settings;
    }

    @Override
    public void configure(I2cSettings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        lock.lock();
        try {
            ensureOpen();
            int r = driver.ioctl(cs, fd, I2C_TIMEOUT, (long) newSettings.timeoutTensOfMillis());
            if (r >= 0) {
                r = driver.ioctl(cs, fd, I2C_RETRIES, (long) newSettings.retries());
            }
            if (r < 0) {
                throw new I2cBusErrorException(number, -1, -1, -r,
                        NativeErrno.nameOf(-r) + ", " + Libc.strerror(-r) + ", while applying I2C_TIMEOUT/I2C_RETRIES");
            }
            settings = newSettings;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public I2cDevice device(I2cAddress address) {
        return new LinuxI2cDevice(this, Objects.requireNonNull(address, "address"));
    }

    @Override
    public void transfer(List<I2cMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty() || messages.size() > RDWR_MAX_MESSAGES) {
            throw new HalArgumentException("I2C bus " + number + ": a combined transfer has " + messages.size()
                    + " messages: valid is 1.." + RDWR_MAX_MESSAGES);
        }
        int first = messages.getFirst().address().value();
        if (!functionality.has(I2cFunctionality.I2C)) {
            throw new I2cUnsupportedException(number, first, -1, 0, "combined transfers (I2C_RDWR) need plain-I2C "
                    + "adapter support (I2C_FUNC_I2C), and " + name + " is SMBus-only: use the SMBus operations");
        }
        long total = 0;
        for (I2cMessage m : messages) {
            total += m.length();
        }
        lock.lock();
        try {
            ensureOpen();
            MemorySegment data = transferBuffer(total);
            long at = 0;
            for (int i = 0; i < messages.size(); i++) {
                I2cMessage m = messages.get(i);
                MemorySegment buf = data.asSlice(at, m.length());
                if (!m.read()) {
                    MemorySegment.copy(m.buffer(), 0, buf, ValueLayout.JAVA_BYTE, 0, m.length());
                }
                long base = i * MSG.byteSize();
                msgs.set(ValueLayout.JAVA_SHORT, base + MSG_ADDR, (short) m.address().value());
                msgs.set(ValueLayout.JAVA_SHORT, base + MSG_FLAGS, m.read() ? M_RD : 0);
                msgs.set(ValueLayout.JAVA_SHORT, base + MSG_LEN, (short) m.length());
                msgs.set(ValueLayout.ADDRESS, base + MSG_BUF, buf);
                at += m.length();
            }
            rdwrArgs.set(ValueLayout.JAVA_INT, RDWR_NMSGS, messages.size());
            call(I2C_RDWR, rdwrArgs, first, -1, "combined transfer (I2C_RDWR)");
            at = 0;
            for (I2cMessage m : messages) {
                if (m.read()) {
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, m.buffer(), 0, m.length());
                }
                at += m.length();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                driver.close(cs, fd);
                arena.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- used by LinuxI2cDevice, always under the lock ----

    void lock() {
        lock.lock();
        if (closed) {
            lock.unlock();
            ensureOpen();
        }
    }

    void unlock() {
        lock.unlock();
    }

    /** The data union of the SMBus argument block; valid only while holding the lock. */
    MemorySegment smbusData() {
        return smbusData;
    }

    void requireFunctionality(long flags, I2cAddress address, int register, String operation) {
        if (!functionality.has(flags)) {
            throw new I2cUnsupportedException(number, address.value(), register, 0,
                    operation + " is not offered by adapter " + name);
        }
    }

    /** One SMBus transaction (I2C_SMBUS) on the selected target; the caller holds the lock. */
    void smbus(I2cAddress address, byte readWrite, int command, int size, int register, String operation) {
        int errno = smbusCall(address, readWrite, command, size, register, operation);
        if (errno != 0) {
            throw I2cErrors.transactionFailure(errno, Libc.strerror(errno), number, address.value(), register, operation);
        }
    }

    /**
     * An SMBus read (I2C_SMBUS) on the selected target; the caller holds the lock. True when the
     * data union holds the answer. With {@code absentIsAnswer} (the probes), a target that did not
     * acknowledge is false, with no exception built; every other failure throws, as from {@link #smbus}.
     */
    boolean smbusRead(I2cAddress address, int register, int size, String operation, boolean absentIsAnswer) {
        int errno = smbusCall(address, SMBUS_READ, register, size, register, operation);
        if (errno == 0) {
            return true;
        }
        if (absentIsAnswer && I2cErrors.isNoAcknowledge(errno)) {
            return false;
        }
        throw I2cErrors.transactionFailure(errno, Libc.strerror(errno), number, address.value(), register, operation);
    }

    /** The I2C_SMBUS ioctl itself: 0, or the errno it failed with (selecting the address throws). */
    private int smbusCall(I2cAddress address, byte readWrite, int command, int size, int register, String operation) {
        select(address, register, operation);
        smbusArgs.set(ValueLayout.JAVA_BYTE, SMBUS_READ_WRITE, readWrite);
        smbusArgs.set(ValueLayout.JAVA_BYTE, SMBUS_COMMAND, (byte) command);
        smbusArgs.set(ValueLayout.JAVA_INT, SMBUS_SIZE, size);
        int r = driver.ioctl(cs, fd, I2C_SMBUS, smbusArgs);
        return r < 0 ? -r : 0;
    }

    /**
     * One attempt from userspace. Arbitration loss is retried by i2c-core itself, up to the
     * I2C_RETRIES we applied and within the bus timeout; a second retry loop here would square the
     * attempts, so an EAGAIN that reaches us is final.
     */
    private void call(long request, MemorySegment args, int address, int register, String operation) {
        int r = driver.ioctl(cs, fd, request, args);
        if (r < 0) {
            throw I2cErrors.transactionFailure(-r, Libc.strerror(-r), number, address, register, operation);
        }
    }

    /** Points the fd at {@code address}, skipping the ioctl when it is already the selected target. */
    private void select(I2cAddress address, int register, String operation) {
        if (selectedAddress == address.value() && selectedForced == address.forced()) {
            return;
        }
        selectedAddress = -1;
        int r = driver.ioctl(cs, fd, address.forced() ? I2C_SLAVE_FORCE : I2C_SLAVE, (long) address.value());
        if (r < 0) {
            if (-r == NativeErrno.EBUSY) {
                throw new I2cBusBusyException(number, address.value(), register, -r, operation
                        + ": the address is claimed by a kernel driver; unbind it or use a forced address");
            }
            throw I2cErrors.transactionFailure(-r, Libc.strerror(-r), number, address.value(), register,
                    operation + " (selecting the address)");
        }
        selectedAddress = address.value();
        selectedForced = address.forced();
    }

    private MemorySegment transferBuffer(long bytes) {
        if (transferBuffer.byteSize() < bytes) {
            // grows by doubling inside the bus arena: bounded waste, freed when the bus closes
            transferBuffer = arena.allocate(Math.max(bytes, Math.max(256, transferBuffer.byteSize() * 2)), 16);
        }
        return transferBuffer;
    }

    private void ensureOpen() {
        if (closed) {
            throw new DeviceUnavailableException(path, "the bus is closed", "get it again from I2cBuses.bus(" + number + ")");
        }
    }
}
