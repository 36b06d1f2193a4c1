package dev.pairlock.hal.gpio;

import dev.pairlock.hal.HalArgumentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which lines a request covers and the settings of each (libgpiod's {@code gpiod_line_config}).
 * Order of insertion is the order of values in the request.
 */
public final class LineConfig {
    /** The uAPI's GPIO_V2_LINES_MAX. */
    public static final int MAX_LINES = 64;

    private final Map<Integer, LineSettings> settings;

    private LineConfig(Map<Integer, LineSettings> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    public static LineConfig of(LineSettings s, int... offsets) {
        return new Builder().add(s, offsets).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Offsets in request order. */
    public int[] offsets() {
        return settings.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    public LineSettings settings(int offset) {
        LineSettings s = settings.get(offset);
        if (s == null) {
            throw new HalArgumentException("GPIO line " + offset + " is not part of this line config");
        }
        return s;
    }

    public Map<Integer, LineSettings> asMap() {
        return settings;
    }

    public static final class Builder {
        private final Map<Integer, LineSettings> map = new LinkedHashMap<>();

        public Builder add(LineSettings s, int... offsets) {
            for (int o : offsets) {
                if (o < 0) {
                    throw new HalArgumentException("GPIO line offset " + o + " is negative");
                }
                if (map.put(o, s) != null) {
                    throw new HalArgumentException("GPIO line " + o + " appears twice in one line config");
                }
            }
            return this;
        }

        public LineConfig build() {
            if (map.isEmpty()) {
                throw new HalArgumentException("a GPIO line config needs at least one line");
            }
            if (map.size() > MAX_LINES) {
                throw new HalArgumentException("a GPIO line request takes at most " + MAX_LINES + " lines, not " + map.size());
            }
            return new LineConfig(new LinkedHashMap<>(map));
        }
    }
}
