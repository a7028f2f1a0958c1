package io.hashpipe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void aFailedVerdictCarriesItsReason() {
        Verdict failed = Verdict.failed("hash does not match");
        assertEquals(Verdict.Kind.FAILED, failed.kind());
        assertEquals("hash does not match", failed.reason());
        assertEquals("FAILED: hash does not match", failed.toString());
        assertEquals(Verdict.failed("hash does not match"), failed);
        assertNotEquals(Verdict.failed("other"), failed);
        assertThrows(NullPointerException.class, () -> Verdict.failed(null));
    }

    @Test
    void passedAndNotCheckedHaveNoReason() {
        assertNull(Verdict.passed().reason());
        assertEquals(Verdict.Kind.NOT_CHECKED, Verdict.notChecked().kind());
    }

    @Test
    void aProcessorWithoutACheckSaysItCannotTell() {
        Processor upper = new Processor() {
            @Override
            public String name() {
                return "upper";
            }

            @Override
            public String description() {
                return "upper-cases field text";
            }

            @Override
            public Map<String, Object> process(Task task) throws BadInputException {
                return Map.of("text", task.text("text").toUpperCase());
            }
        };
        assertEquals(Verdict.notChecked(), upper.check(Task.of("t", Map.of()), Map.of()));
    }
}
