package dev.pairlock.hal.gpio;

/**
 * Lines held by this process (libgpiod's {@code gpiod_line_request}). Values are logical: active
 * means high unless the line is active-low. Closing releases the lines, stops event delivery and
 * frees every resource the request holds.
 */
public interface LineRequest extends AutoCloseable {
    GpioChip chip();

    int[] offsets();

    boolean get(int offset);

    void set(int offset, boolean active);

    /** Changes settings of requested lines without releasing them (GPIO_V2_LINE_SET_CONFIG_IOCTL). */
    void reconfigure(LineConfig config);

    /**
     * Delivers this request's edge events to {@code listener} on the backend's event thread (one
     * per chip on Linux; the virtual scheduler in the simulator). Replaces any previous listener.
     */
    void onEdge(EdgeListener listener);

    @Override
    void close();
}
