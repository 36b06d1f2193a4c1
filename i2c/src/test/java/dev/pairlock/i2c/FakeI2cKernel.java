package dev.pairlock.i2c;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for i2c-dev + an adapter with register-file targets. It decodes the argument structs
 * with the kernel's offsets written out by hand, so it checks the layouts independently of I2cAbi.
 */
final class FakeI2cKernel implements I2cDriver {
    final long funcs;
    final Map<Integer, byte[]> devices = new HashMap<>();
    final Map<Integer, byte[]> blocks = new HashMap<>();
    final Set<Integer> claimedByKernelDriver = new HashSet<>();
    final List<Long> requests = new ArrayList<>();
    final Deque<Integer> failNextTransactions = new ArrayDeque<>();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    volatile Runnable insideTransaction = () -> { };
    long timeout = -1;
    long retries = -1;
    long kernelRetries;
    int selected = -1;
    boolean selectedForced;
    boolean closed;

    FakeI2cKernel(long funcs) {
        this.funcs = funcs;
    }

    FakeI2cKernel withDevice(int address) {
        devices.put(address, new byte[256]);
        return this;
    }

    synchronized long count(long request) {
        return requests.stream().filter(r -> r == request).count();
    }

    synchronized int total() {
        return requests.size();
    }

    @Override
    public int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
        synchronized (this) {
            requests.add(request);
        }
        if (request == I2cAbi.I2C_FUNCS) {
            arg.reinterpret(8).set(ValueLayout.JAVA_LONG, 0, funcs);
            return 0;
        }
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        try {
            insideTransaction.run();
            // like i2c-core: arbitration loss (EAGAIN) is retried up to adapter->retries times
            // (the I2C_RETRIES value) before userspace sees it
            Integer fail;
            synchronized (this) {
                fail = failNextTransactions.poll();
                for (long tries = 0; fail != null && fail == NativeErrno.EAGAIN && tries < Math.max(0, retries); tries++) {
                    kernelRetries++;
                    fail = failNextTransactions.poll();
                }
            }
            if (fail != null) {
                return -fail;
            }
            if (request == I2cAbi.I2C_SMBUS) {
                return smbus(arg.reinterpret(16));
            }
            if (request == I2cAbi.I2C_RDWR) {
                return rdwr(arg.reinterpret(16));
            }
            return -NativeErrno.ENOTTY;
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public synchronized int ioctl(CallState cs, int fd, long request, long arg) {
        requests.add(request);
        if (request == I2cAbi.I2C_TIMEOUT) {
            timeout = arg;
        } else if (request == I2cAbi.I2C_RETRIES) {
            retries = arg;
        } else if (request == I2cAbi.I2C_SLAVE || request == I2cAbi.I2C_SLAVE_FORCE) {
            if (request == I2cAbi.I2C_SLAVE && claimedByKernelDriver.contains((int) arg)) {
                return -NativeErrno.EBUSY;
            }
            selected = (int) arg;
            selectedForced = request == I2cAbi.I2C_SLAVE_FORCE;
        } else {
            return -NativeErrno.ENOTTY;
        }
        return 0;
    }

    @Override
    public synchronized void close(CallState cs, int fd) {
        closed = true;
    }

    private int smbus(MemorySegment args) {
        int readWrite = args.get(ValueLayout.JAVA_BYTE, 0);
        int command = args.get(ValueLayout.JAVA_BYTE, 1) & 0xFF;
        int size = args.get(ValueLayout.JAVA_INT, 4);
        MemorySegment data = args.get(ValueLayout.ADDRESS, 8).reinterpret(34);
        byte[] regs = devices.get(selected);
        if (regs == null) {
            return -NativeErrno.ENXIO;
        }
        boolean read = readWrite == 1;
        switch (size) {
            case 0 -> { }
            case 1 -> {
                if (read) {
                    data.set(ValueLayout.JAVA_BYTE, 0, regs[0]);
                } else {
                    regs[0] = (byte) command;
                }
            }
            case 2 -> {
                if (read) {
                    data.set(ValueLayout.JAVA_BYTE, 0, regs[command]);
                } else {
                    regs[command] = data.get(ValueLayout.JAVA_BYTE, 0);
                }
            }
            case 3 -> {
                if (read) {
                    data.set(ValueLayout.JAVA_BYTE, 0, regs[command]);
                    data.set(ValueLayout.JAVA_BYTE, 1, regs[(command + 1) & 0xFF]);
                } else {
                    regs[command] = data.get(ValueLayout.JAVA_BYTE, 0);
                    regs[(command + 1) & 0xFF] = data.get(ValueLayout.JAVA_BYTE, 1);
                }
            }
            case 5 -> {
                int key = selected << 8 | command;
                if (read) {
                    byte[] b = blocks.getOrDefault(key, new byte[0]);
                    data.set(ValueLayout.JAVA_BYTE, 0, (byte) b.length);
                    MemorySegment.copy(b, 0, data, ValueLayout.JAVA_BYTE, 1, b.length);
                } else {
                    int n = data.get(ValueLayout.JAVA_BYTE, 0);
                    byte[] b = new byte[n];
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 1, b, 0, n);
                    blocks.put(key, b);
                }
            }
            case 8 -> {
                int n = data.get(ValueLayout.JAVA_BYTE, 0);
                for (int i = 0; i < n; i++) {
                    if (read) {
                        data.set(ValueLayout.JAVA_BYTE, 1 + i, regs[(command + i) & 0xFF]);
                    } else {
                        regs[(command + i) & 0xFF] = data.get(ValueLayout.JAVA_BYTE, 1 + i);
                    }
                }
            }
            default -> {
                return -NativeErrno.EOPNOTSUPP;
            }
        }
        return 0;
    }

    /** A write sets the register pointer (first byte) and stores the rest; a read continues from it. */
    private int rdwr(MemorySegment args) {
        MemorySegment msgs = args.get(ValueLayout.ADDRESS, 0);
        int n = args.get(ValueLayout.JAVA_INT, 8);
        msgs = msgs.reinterpret(16L * n);
        int pointer = 0;
        for (int i = 0; i < n; i++) {
            int addr = msgs.get(ValueLayout.JAVA_SHORT, i * 16L) & 0xFFFF;
            int flags = msgs.get(ValueLayout.JAVA_SHORT, i * 16L + 2);
            int len = msgs.get(ValueLayout.JAVA_SHORT, i * 16L + 4) & 0xFFFF;
            MemorySegment buf = msgs.get(ValueLayout.ADDRESS, i * 16L + 8).reinterpret(len);
            byte[] regs = devices.get(addr);
            if (regs == null) {
                return -NativeErrno.EREMOTEIO;
            }
            for (int b = 0; b < len; b++) {
                if ((flags & 1) != 0) {
                    buf.set(ValueLayout.JAVA_BYTE, b, regs[pointer++ & 0xFF]);
                } else if (b == 0) {
                    pointer = buf.get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
                } else {
                    regs[pointer++ & 0xFF] = buf.get(ValueLayout.JAVA_BYTE, b);
                }
            }
        }
        return n;
    }
}
