package dev.pairlock.hal.gpio;

/** What the chip says about one line (GPIO_V2_GET_LINEINFO_IOCTL). Name and consumer may be empty. */
public record LineInfo(int offset, String name, boolean used, String consumer, LineSettings settings) {
}
