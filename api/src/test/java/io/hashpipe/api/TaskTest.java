package io.hashpipe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskTest {

    private static final Map<String, Object> FIELDS = fields();

    private static Map<String, Object> fields() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("name", "a");
        fields.put("small", 7);
        fields.put("big", 5_000_000_000L);
        fields.put("huge", new BigInteger("123456789012345678901234567890"));
        fields.put("ratio", 0.5);
        fields.put("flag", true);
        fields.put("list", List.of(1));
        fields.put("object", Map.of());
        fields.put("nothing", null);
        return fields;
    }

    private final Task task = Task.of("t-1", FIELDS);

    @Test
    void aHandMadeTaskCarriesItsIdInItsInputAndHasNoTimeLimit() {
        assertEquals("t-1", task.id());
        assertEquals("t-1", task.input().get("id"));
        assertEquals(Instant.MAX, task.deadline());
        assertTrue(task.headers().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> task.input().put("x", 1));
    }

    @Test
    void accessorsReadFieldsOfTheirType() throws BadInputException {
        assertEquals("a", task.text("name"));
        assertEquals(7, task.integer("small", 0, 10));
        assertEquals(5_000_000_000L, task.integer("big", 0, Long.MAX_VALUE));
        assertEquals(0.5, task.number("ratio"));
        assertEquals(7.0, task.number("small"));
        assertTrue(task.bool("flag"));
        assertTrue(task.has("nothing"));
        assertFalse(task.has("absent"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "text absent     | missing field absent",
            "text nothing    | missing field nothing",
            "text small      | field small must be a string, got the number 7",
            "text list       | field list must be a string, got an array",
            "text object     | field object must be a string, got an object",
            "integer ratio   | field ratio must be a whole number from 0 to 10, got the number 0.5",
            "integer name    | field name must be a whole number from 0 to 10, got a string",
            "integer big     | field big is 5000000000: must be from 0 to 10",
            "integer huge    | field huge is 123456789012345678901234567890: must be from 0 to 10",
            "number flag     | field flag must be a number, got true",
            "bool name       | field name must be true or false, got a string"})
    void aFieldOfTheWrongKindIsABadInputNamingItAndTheRule(String call, String message) {
        String[] parts = call.split(" ");
        String field = parts[1];
        BadInputException e = assertThrows(BadInputException.class, () -> {
            switch (parts[0]) {
                case "text" -> task.text(field);
                case "integer" -> task.integer(field, 0, 10);
                case "number" -> task.number(field);
                case "bool" -> task.bool(field);
                default -> throw new AssertionError(call);
            }
        });
        assertEquals(message, e.getMessage());
        assertEquals(BadInputException.DEFAULT_CODE, e.code());
    }
}
