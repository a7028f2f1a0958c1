package io.hashpipe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadInputExceptionTest {

    @Test
    void aBadInputNamesItsKind() {
        BadInputException e = new BadInputException("UnsupportedFormat", "field image is not a PNG");
        assertEquals("UnsupportedFormat", e.code());
        assertEquals("field image is not a PNG", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BadInputException(" ", "x"));
    }

    @Test
    void aContextKeepsACopyOfItsSettings() {
        Map<String, String> settings = new HashMap<>(Map.of("iterations", "1000"));
        ProcessorContext context = new ProcessorContext("host-0", 2, settings);
        settings.put("iterations", "1");
        assertEquals("1000", context.settings().get("iterations"));
    }
}
