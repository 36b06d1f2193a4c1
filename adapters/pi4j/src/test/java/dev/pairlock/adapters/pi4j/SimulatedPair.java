package dev.pairlock.adapters.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.OverflowingChip;

/**
 * mock-hw's chassis, SC0 leading, and one Pi4J context per SC on the plugin's providers over its parts;
 * each SC's chip behind an {@link OverflowingChip}, whose event FIFO a test can make lose edges.
 */
final class SimulatedPair implements AutoCloseable {
    final Chassis chassis;
    final OverflowingChip chip0;
    final OverflowingChip chip1;
    final Context sc0;
    final Context sc1;

    SimulatedPair(int slots, long seed) {
        chassis = new Chassis(ChassisConfig.builder().slots(slots).seed(seed).initialState(InitialState.RUNNING_SC0_LEADS).build());
        chip0 = new OverflowingChip(chassis.gpioChip(ScId.SC0));
        chip1 = new OverflowingChip(chassis.gpioChip(ScId.SC1));
        sc0 = context(ScId.SC0, chip0);
        sc1 = context(ScId.SC1, chip1);
    }

    private Context context(ScId sc, OverflowingChip chip) {
        return Pi4J.newContextBuilder().noAutoDetect()
                .add(PairlockPlugin.providers(Pi4jHardware.of(chassis.i2cBuses(sc), chip))).build();
    }

    @Override
    public void close() {
        sc0.shutdown();
        sc1.shutdown();
    }
}
