package dev.pairlock.bench;

import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.clockregs.WindowSource;
import dev.pairlock.hal.reg.RegisterWindow;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The register file mapped by pairlock's clock-regs, held as the HAL's {@link RegisterWindow}
 * interface the way the Gchip driver holds it, so the figure includes the interface call, the
 * offset check and the access-mode dispatch that production code pays.
 */
@State(Scope.Thread)
public class PairlockRegisters {
    public Path file;
    public RegisterWindow window;
    /**
     * Four windows on the same file: every window is its own class, so a call site that sees all
     * four is megamorphic (C2 inlines at most two receiver classes), the worst case for a driver
     * that funnels many windows through one call site.
     */
    public RegisterWindow[] windows;
    /** Four windows on the same file mapped together: one class for all four, so the same call site inlines. */
    public RegisterWindow[] together;
    public long offset;
    public int value;

    @Setup(Level.Trial)
    public void map() {
        file = RegisterFile.create();
        window = MappedRegisterWindow.file(file, 0, RegisterFile.WINDOW_BYTES);
        windows = new RegisterWindow[4];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = MappedRegisterWindow.file(file, 0, RegisterFile.WINDOW_BYTES);
        }
        WindowSource source = WindowSource.file(file, 0, RegisterFile.WINDOW_BYTES);
        together = MappedRegisterWindow.mapTogether(source, source, source, source).toArray(RegisterWindow[]::new);
        offset = RegisterFile.REGISTER_OFFSET;
        value = 0x00c0_ffee;
    }

    @TearDown(Level.Trial)
    public void unmap() {
        window.close();
        for (RegisterWindow w : windows) {
            w.close();
        }
        for (RegisterWindow w : together) {
            w.close();
        }
    }
}
