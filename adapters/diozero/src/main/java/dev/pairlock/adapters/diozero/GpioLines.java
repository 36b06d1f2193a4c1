package dev.pairlock.adapters.diozero;

import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.hal.time.Clock;
import java.time.InstantSource;

/** diozero's GPIO words in GPIO v2 terms, and one line requested through a pairlock chip. */
final class GpioLines {
    /** What gpioinfo shows as the line's consumer while a diozero device holds it. */
    static final String CONSUMER = "diozero";

    private GpioLines() {
    }

    static Bias bias(GpioPullUpDown pud) {
        return switch (pud) {
            case PULL_UP -> Bias.PULL_UP;
            case PULL_DOWN -> Bias.PULL_DOWN;
            case NONE -> Bias.AS_IS;
        };
    }

    static Edge edge(GpioEventTrigger trigger) {
        return switch (trigger) {
            case NONE -> Edge.NONE;
            case RISING -> Edge.RISING;
            case FALLING -> Edge.FALLING;
            case BOTH -> Edge.BOTH;
        };
    }

    /**
     * Registers {@code listener} on a request just made; if that fails the request is closed: a device
     * whose constructor throws is never closed by anyone, and its line stayed requested, held by nobody.
     */
    static void listen(LineRequest request, dev.pairlock.hal.gpio.EdgeListener listener) {
        try {
            DiozeroErrors.run(() -> request.onEdge(listener));
        } catch (RuntimeException e) {
            request.close();
            throw e;
        }
    }

    /**
     * Closes an input's line, then stops its dispatch ({@code null}: the input had none): the request
     * first, after which the event thread hands over no more of its edges; the dispatch even if that
     * close failed, so that no thread stays parked for a closed device. Neither waits for a listener:
     * a listener may close its own input, and a blocked one does not hold up the close.
     */
    static void release(LineRequest request, EdgeDispatch dispatch) {
        try {
            request.close();
        } finally {
            if (dispatch != null) {
                dispatch.close();
            }
        }
    }

    static LineRequest request(GpioChip chip, int offset, LineSettings settings) {
        return DiozeroErrors.call(() -> chip.request(RequestConfig.of(CONSUMER), LineConfig.of(settings, offset)));
    }

    /**
     * A kernel edge as diozero's event, with the edges the kernel lost just before it: the kernel stamps
     * edges on CLOCK_MONOTONIC, the clock of {@code System.nanoTime()}, which is diozero's
     * {@code nanoTime}; the epoch time is the wall clock moved back by the edge's age.
     */
    static EdgeInputEvent event(int gpio, EdgeEvent e, long edgesLostBefore, Clock monotonic, InstantSource wall) {
        long ageMillis = Math.max(0, (monotonic.nanos() - e.timestampNanos()) / 1_000_000L);
        return new EdgeInputEvent(gpio, wall.millis() - ageMillis, e.timestampNanos(), e.type() == EdgeEvent.Type.RISING,
                e.lineSeqno(), edgesLostBefore);
    }
}
