package dev.pairlock.hal;

/**
 * A source of controller hardware views: the simulated chassis or a real machine described by a
 * configuration file. Closing the backend releases every device it opened.
 */
public interface HardwareBackend extends AutoCloseable {
    /** A short name for messages: "sim", "linux". */
    String name();

    /** The view of controller {@code sc}; the same object on every call. */
    ControllerHardware controller(ScId sc);

    @Override
    void close();
}
