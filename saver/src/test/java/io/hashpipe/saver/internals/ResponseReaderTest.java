package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.saver.internals.Outcome.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    @Test
    void storedAndAlreadyStoredAreBothAcknowledged() {
        assertEquals(Kind.STORED, ResponseReader.single(ok("{\"id\":\"a\",\"stored\":true}")).outcomes().get(0).kind());
        Outcome duplicate = ResponseReader.single(ok("{\"id\":\"a\",\"stored\":false}")).outcomes().get(0);
        assertEquals(Kind.DUPLICATE, duplicate.kind());
        assertTrue(duplicate.acknowledged());
    }

    @Test
    void overloadCarriesRetryAfterAndIsTransient() {
        Answer answer = ResponseReader.single(new DbApiResponse(503, "{\"error\":\"busy\",\"status\":503}", "2", true));
        Outcome outcome = answer.outcomes().get(0);
        assertEquals(Kind.TRANSIENT, outcome.kind());
        assertEquals("2", outcome.retryAfter());
        assertEquals("HTTP 503: busy", outcome.error());
        assertTrue(answer.overloaded());
        assertTrue(answer.whole());
    }

    @Test
    void clientMistakeIsPermanentWithTheApisError() {
        Outcome outcome = ResponseReader.single(new DbApiResponse(400, "{\"error\":\"no hash\",\"status\":400}", null, true)).outcomes().get(0);
        assertEquals(Kind.PERMANENT, outcome.kind());
        assertEquals(400, outcome.status());
        assertEquals("HTTP 400: no hash", outcome.error());
    }

    @Test
    void unreadableSuccessIsTransient() {
        assertEquals(Kind.TRANSIENT, ResponseReader.single(ok("<html>proxy</html>")).outcomes().get(0).kind());
        assertEquals(Kind.TRANSIENT, ResponseReader.single(ok("")).outcomes().get(0).kind());
        assertEquals(Kind.TRANSIENT, ResponseReader.single(ok("{\"id\":\"a\"}")).outcomes().get(0).kind());
    }

    @Test
    void batchOutcomesFollowTheItemsInOrder() {
        Answer answer = ResponseReader.batch(ok("{\"results\":["
                + "{\"id\":\"a\",\"stored\":true},"
                + "{\"id\":\"b\",\"error\":\"disk full\"},"
                + "{\"id\":\"c\",\"stored\":false},"
                + "{\"id\":\"d\",\"error\":\"bad hash\",\"status\":400}]}"), List.of("a", "b", "c", "d"));
        assertFalse(answer.whole());
        assertEquals(List.of(Kind.STORED, Kind.TRANSIENT, Kind.DUPLICATE, Kind.PERMANENT),
                answer.outcomes().stream().map(Outcome::kind).toList());
        assertEquals("disk full", answer.outcomes().get(1).error());
    }

    @Test
    void batchAnswerThatDoesNotMatchTheRequestIsRetriedWhole() {
        Answer wrongCount = ResponseReader.batch(ok("{\"results\":[{\"id\":\"a\",\"stored\":true}]}"), List.of("a", "b"));
        assertTrue(wrongCount.whole());
        assertEquals(Kind.TRANSIENT, wrongCount.outcomes().get(1).kind());
        Answer wrongIds = ResponseReader.batch(ok("{\"results\":[{\"id\":\"b\",\"stored\":true},{\"id\":\"a\",\"stored\":true}]}"), List.of("a", "b"));
        assertTrue(wrongIds.whole());
    }

    @Test
    void batchRefusedAsAWholeGivesEveryItemTheSameOutcome() {
        Answer answer = ResponseReader.batch(new DbApiResponse(413, "{\"error\":\"too large\",\"status\":413}", null, true), List.of("a", "b"));
        assertTrue(answer.whole());
        assertEquals(List.of(Kind.PERMANENT, Kind.PERMANENT), answer.outcomes().stream().map(Outcome::kind).toList());
    }

    @Test
    void nonJsonErrorBodyIsQuoted() {
        assertEquals("Bad Gateway", ResponseReader.errorText("Bad Gateway"));
    }

    private static DbApiResponse ok(String body) {
        return new DbApiResponse(200, body, null, true);
    }
}
