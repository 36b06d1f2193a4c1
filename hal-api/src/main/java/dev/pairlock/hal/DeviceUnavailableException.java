package dev.pairlock.hal;

/**
 * A device node or resource cannot be opened at all (missing, permission denied, wrong kind of
 * file). The {@link #remedy()} says what to do, e.g. "load the i2c-dev module".
 */
public class DeviceUnavailableException extends HalException {
    private final String device;
    private final String remedy;

    public DeviceUnavailableException(String device, String problem, String remedy) {
        super(device + ": " + problem + (remedy.isEmpty() ? "" : " (" + remedy + ")"));
        this.device = device;
        this.remedy = remedy;
    }

    public String device() {
        return device;
    }

    public String remedy() {
        return remedy;
    }
}
