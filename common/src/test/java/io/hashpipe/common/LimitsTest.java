package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"t", "task-17", " spaced ", "tâche", "emoji \ud83d\ude00"})
    void ordinaryIdsPass(String id) {
        assertNull(Limits.idProblem("id", id));
    }

    @Test
    void idOfTheMaximumLengthPassesAndOneMoreIsRefused() {
        assertNull(Limits.idProblem("id", "i".repeat(Limits.MAX_ID_CHARS)));
        String problem = Limits.idProblem("field id", "i".repeat(Limits.MAX_ID_CHARS + 1));
        assertTrue(problem.startsWith("field id is " + (Limits.MAX_ID_CHARS + 1)) && problem.contains("at most " + Limits.MAX_ID_CHARS), problem);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''             | blank",
            "'   '          | blank",
            "'a\tb'         | control character U+0009",
            "'a\u0007'      | control character U+0007",
            "'x\ud800'      | unpaired surrogate U+D800",
            "'\udc00x'      | unpaired surrogate U+DC00"})
    void badIdsAreRefusedSayingWhy(String id, String reason) {
        String problem = Limits.idProblem("field id", id);
        assertNotNull(problem);
        assertTrue(problem.startsWith("field id") && problem.contains(reason), problem);
    }

    @Test
    void nullIdIsBlank() {
        assertTrue(Limits.idProblem("id", null).contains("blank"));
    }

    @Test
    void bcryptCostRangeIsFourToThirtyOne() {
        assertFalse(Limits.bcryptCost(3));
        assertTrue(Limits.bcryptCost(4));
        assertTrue(Limits.bcryptCost(31));
        assertFalse(Limits.bcryptCost(32));
    }
}
