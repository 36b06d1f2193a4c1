package dev.pairlock.clockregs;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import java.util.Objects;

/**
 * The Gchip over any register window. REF_SEL is changed by read-modify-write so the other bits of
 * its control register survive; the write is a release so everything this SC did before deciding
 * its role is visible first, and status reads acquire so what follows sees the chip's state.
 */
public final class RegisterGchip implements Gchip {
    private final RegisterWindow window;
    private final GchipLayout layout;
    private final Object refSelUpdate = new Object();

    public RegisterGchip(RegisterWindow window, GchipLayout layout) {
        this.window = Objects.requireNonNull(window, "window");
        this.layout = Objects.requireNonNull(layout, "layout");
        if (layout.span() > window.size()) {
            throw new HalArgumentException("Gchip layout needs registers up to offset 0x" + Long.toHexString(layout.span() - 4)
                    + " but window " + window.name() + " is only " + window.size() + " bytes: map a larger window");
        }
    }

    public RegisterGchip(RegisterWindow window) {
        this(window, GchipLayout.DEFAULT);
    }

    @Override
    public RefSel refSel() {
        return RefSel.ofBit(layout.refSel().read(window, AccessMode.ACQUIRE_RELEASE));
    }

    @Override
    public void setRefSel(RefSel mode) {
        Objects.requireNonNull(mode, "mode");
        // one writer at a time in this process, so two RMWs never lose each other's bits
        synchronized (refSelUpdate) {
            layout.refSel().write(window, mode.bit(), AccessMode.ACQUIRE_RELEASE);
        }
    }

    @Override
    public boolean phaseLocked() {
        return layout.phaseLock().read(window, AccessMode.ACQUIRE_RELEASE) == 1;
    }

    @Override
    public boolean peerClockPresent() {
        return layout.peerClock().read(window, AccessMode.ACQUIRE_RELEASE) == 1;
    }

    public RegisterWindow window() {
        return window;
    }

    @Override
    public String toString() {
        return "Gchip at " + window.name();
    }
}
