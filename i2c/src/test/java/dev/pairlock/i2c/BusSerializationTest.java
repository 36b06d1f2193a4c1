package dev.pairlock.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BusSerializationTest {
    @Test
    void transactionsOnOneBusNeverOverlapAndKeepTheirAddress() throws Exception {
        FakeI2cKernel kernel = new FakeI2cKernel(I2cFunctionality.SMBUS_EMUL);
        for (int a = 0x50; a < 0x54; a++) {
            kernel.withDevice(a);
        }
        kernel.insideTransaction = Thread::yield; // widen the window an unlocked bus would race in
        try (LinuxI2cBus bus = LinuxI2cBus.open(1, "/dev/null", "i2c-1 (fake)", I2cSettings.DEFAULT, kernel);
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                I2cDevice d = bus.device(0x50 + t);
                int seed = t;
                mismatches.add(pool.submit(() -> {
                    int bad = 0;
                    for (int i = 0; i < 2000; i++) {
                        int value = (i * 7 + seed) & 0xFF;
                        d.writeByteData(i & 0x3F, value);
                        bad += d.readByteData(i & 0x3F) == value ? 0 : 1;
                    }
                    return bad;
                }));
            }
            for (Future<Integer> f : mismatches) {
                assertEquals(0, f.get(), "a read saw another thread's address or data");
            }
        }
        assertEquals(1, kernel.maxActive.get(), "two transactions were inside the kernel at once on one bus");
    }

    @Test
    void differentBusesRunTransactionsAtTheSameTime() throws Exception {
        CyclicBarrier bothInside = new CyclicBarrier(2);
        Runnable meet = () -> {
            try {
                bothInside.await(30, TimeUnit.SECONDS); // fails (broken barrier) if the buses were serialized together
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        FakeI2cKernel k0 = new FakeI2cKernel(I2cFunctionality.SMBUS_EMUL).withDevice(0x50);
        FakeI2cKernel k1 = new FakeI2cKernel(I2cFunctionality.SMBUS_EMUL).withDevice(0x50);
        try (LinuxI2cBus b0 = LinuxI2cBus.open(0, "/dev/null", "i2c-0 (fake)", I2cSettings.DEFAULT, k0);
                LinuxI2cBus b1 = LinuxI2cBus.open(1, "/dev/null", "i2c-1 (fake)", I2cSettings.DEFAULT, k1);
                ExecutorService pool = Executors.newFixedThreadPool(2)) {
            k0.insideTransaction = meet;
            k1.insideTransaction = meet;
            Future<Integer> r0 = pool.submit(() -> b0.device(0x50).readByteData(0));
            Future<Integer> r1 = pool.submit(() -> b1.device(0x50).readByteData(0));
            assertEquals(0, r0.get());
            assertEquals(0, r1.get());
        }
        assertTrue(k0.maxActive.get() == 1 && k1.maxActive.get() == 1);
    }
}
