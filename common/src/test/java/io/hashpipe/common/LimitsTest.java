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

    private static final String HASH_04 = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    @ParameterizedTest
    @ValueSource(strings = {"$2a$", "$2b$", "$2y$"})
    void bcryptHashesOfEachVersionPass(String version) {
        assertNull(Limits.hashProblem("hash", version + HASH_04.substring(4), 4));
        assertNull(Limits.hashProblem("hash", version + HASH_04.substring(4), null), "no difficulty to compare with");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "x                                                              | got 'x'",
            "''                                                             | got ''",
            "$2x$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS   | not a bcrypt hash",
            "$2a$4$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mSx   | not a bcrypt hash",
            "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0m    | not a bcrypt hash",
            "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mSS  | not a bcrypt hash",
            "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0m+   | not a bcrypt hash",
            "$2a$03$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS   | has cost 3: bcrypt's cost is 4 to 31",
            "$2a$32$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS   | has cost 32",
            "$2a$05$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS   | has cost 5 but the result's difficulty is 4"})
    void whatIsNotABcryptHashOfTheResultsCostIsRefusedSayingWhy(String hash, String reason) {
        String problem = Limits.hashProblem("field hash", hash, 4);
        assertNotNull(problem);
        assertTrue(problem.startsWith("field hash") && problem.contains(reason), problem);
    }

    @Test
    void aLongBadHashIsDescribedByItsLengthOnly() {
        String problem = Limits.hashProblem("hash", "y".repeat(1000), null);
        assertTrue(problem.endsWith("got a text of 1000 characters"), problem);
    }
}
