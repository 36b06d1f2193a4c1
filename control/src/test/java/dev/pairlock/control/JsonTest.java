package dev.pairlock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void valuesRoundTrip() {
        String text = "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\ny\\u0001\\\"\",\"d\":-2.5,\"e\":{},\"f\":[]}";
        Object v = Json.parse(text);
        assertEquals(Map.of("x", 1L), Json.parse(" {\"x\" : 1} "));
        assertEquals(v, Json.parse(Json.write(v)));
        assertEquals(List.of(9223372036854775807L), Json.parse("[9223372036854775807]"));
        assertEquals(List.of(9.223372036854775808E18), Json.parse("[9223372036854775808]"), "beyond long: a double");
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals(0.0, Json.parse("1e-99999999999"), "an exponent too small is zero, as in any JSON reader");
    }

    @Test
    void writesInInsertionOrderWithEscapesAndNumbersAsNumbers() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", "q\"\n\u0001\u007f");
        m.put("c", List.of(1.5, true, java.time.DayOfWeek.MONDAY));
        m.put("d", null);
        assertEquals("{\"a\":1,\"b\":\"q\\\"\\n\\u0001\\u007f\",\"c\":[1.5,true,\"monday\"],\"d\":null}", Json.write(m));
    }

    @Test
    void whatJsonCannotSayIsWrittenAsNull() {
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertEquals("{\"x\":null}", Json.write(Map.of("x", bad)), bad::toString);
            Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(Map.of("x", bad)));
            assertTrue(back.containsKey("x") && back.get("x") == null, "read back as null: " + back);
        }
    }

    @Test
    void aLoneSurrogateSurvivesWritingAndReading() {
        String lone = "a\uD800b";
        assertEquals(lone, Json.parse(Json.write(lone)));
        assertTrue(Json.write(lone).contains("\\ud800"));
    }

    @Test
    void malformedTextIsRefusedWithTheColumn() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "01", "1.", "1e", "-", "\"\\x\"", "\"a", "{\"a\":1,\"a\":2}",
            "tru", "nul", "[1] 2", "{a:1}", "\"\u0001\"", "1e999999", "1e99999999999", "-1E+123456789012"}) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("column "), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("deeper than 32"), e.getMessage());
        assertEquals(List.of(List.of()), Json.parse("[[]]"));
    }
}
