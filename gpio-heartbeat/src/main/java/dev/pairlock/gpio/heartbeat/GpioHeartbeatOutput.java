package dev.pairlock.gpio.heartbeat;

import dev.pairlock.gpio.GpioLineNotFoundException;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;

/**
 * This SC's heartbeat as an output line: every {@link #beat()} inverts the line, so each beat is one
 * edge at the peer (which watches both edges). Holds the line for as long as it is open.
 */
public final class GpioHeartbeatOutput implements HeartbeatOutput {
    private final LineRequest request;
    private final int offset;
    private boolean level;
    private long beats;

    private GpioHeartbeatOutput(LineRequest request, int offset) {
        this.request = request;
        this.offset = offset;
    }

    /** Requests line {@code offset} of {@code chip} as a push-pull output, initially inactive. */
    public static GpioHeartbeatOutput open(GpioChip chip, int offset, String consumer) {
        return new GpioHeartbeatOutput(
                chip.request(RequestConfig.of(consumer), LineConfig.of(LineSettings.output(false), offset)), offset);
    }

    /** Requests the line named {@code lineName} of {@code chip}. */
    public static GpioHeartbeatOutput open(GpioChip chip, String lineName, String consumer) {
        return open(chip, offsetOf(chip, lineName), consumer);
    }

    static int offsetOf(GpioChip chip, String lineName) {
        return chip.lineOffset(lineName).orElseThrow(() -> new GpioLineNotFoundException(chip.path(), lineName, chip.lineCount()));
    }

    @Override
    public synchronized void beat() {
        level = !level;
        request.set(offset, level);
        beats++;
    }

    /** Beats emitted so far. */
    public synchronized long beats() {
        return beats;
    }

    public int offset() {
        return offset;
    }

    @Override
    public void close() {
        request.close();
    }
}
