package dev.pairlock.scctl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNumbersStringsAndNesting() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", "q\"\n\u0001");
        m.put("c", List.of(1.5, true));
        m.put("d", null);
        assertEquals("{\"a\":1,\"b\":\"q\\\"\\n\\u0001\",\"c\":[1.5,true],\"d\":null}", Json.write(m));
    }

    @Test
    void refusesWhatJsonCannotSay() {
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("x", bad)), bad::toString);
        }
    }
}
