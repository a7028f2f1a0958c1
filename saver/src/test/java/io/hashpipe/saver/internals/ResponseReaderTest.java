package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.saver.internals.Outcome.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseReaderTest {

    private final ResponseReader reader = new ResponseReader(SuccessStatuses.parse("2xx"));

    @Test
    void storedAndAlreadyStoredAreBothAcknowledged() {
        assertEquals(Kind.STORED, reader.single(answer(200, "{\"id\":\"a\",\"stored\":true}")).outcomes().get(0).kind());
        Outcome duplicate = reader.single(answer(200, "{\"id\":\"a\",\"stored\":false}")).outcomes().get(0);
        assertEquals(Kind.DUPLICATE, duplicate.kind());
        assertTrue(duplicate.acknowledged());
    }

    /** Other APIs' answers: the status is the API's word, whatever the body says or lacks. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200 | {\"id\":\"a\",\"ok\":true}",
        "201 | ''",
        "204 | ''",
        "200 | <html>proxy</html>",
        "200 | {\"id\":\"a\"}",
        "202 | {\"stored\":\"yes\"}",
    })
    void anySuccessStatusMeansStoredWhateverTheBody(int status, String body) {
        Answer answer = reader.single(answer(status, body));
        assertEquals(Kind.STORED, answer.outcomes().get(0).kind());
        assertEquals(Kind.STORED, answer.verdict());
    }

    @Test
    void aStatusOutsideTheSuccessListIsAMisconfigurationNotABadRecord() {
        ResponseReader strict = new ResponseReader(SuccessStatuses.parse("200, 201"));
        assertEquals(Kind.STORED, strict.single(answer(201, "")).outcomes().get(0).kind());
        assertEquals(Kind.MISCONFIGURED, strict.single(answer(204, "")).outcomes().get(0).kind());
    }

    @ParameterizedTest
    @CsvSource({
        "503, UNAVAILABLE", "500, UNAVAILABLE", "502, UNAVAILABLE", "504, UNAVAILABLE", "408, UNAVAILABLE", "429, UNAVAILABLE",
        "404, MISCONFIGURED", "405, MISCONFIGURED", "501, MISCONFIGURED", "401, MISCONFIGURED", "403, MISCONFIGURED",
        "301, MISCONFIGURED", "307, MISCONFIGURED",
        "400, REJECTED", "409, REJECTED", "413, REJECTED", "415, REJECTED", "422, REJECTED",
    })
    void aFailureIsAboutTheApiTheConfigurationOrTheRecord(int status, Kind kind) {
        Answer answer = reader.single(answer(status, "{\"error\":\"why\",\"status\":" + status + "}"));
        assertEquals(kind, answer.outcomes().get(0).kind());
        assertEquals(kind, answer.verdict());
        assertEquals("HTTP " + status + ": why", answer.outcomes().get(0).error());
        assertTrue(answer.whole());
    }

    @Test
    void overloadCarriesRetryAfter() {
        Answer answer = reader.single(new DbApiResponse(503, "{\"error\":\"busy\",\"status\":503}", "2", true));
        assertEquals("2", answer.outcomes().get(0).retryAfter());
        assertTrue(answer.overloaded());
    }

    @Test
    void batchOutcomesFollowTheItemsInOrder() {
        Answer answer = reader.batch(answer(200, "{\"results\":["
                + "{\"id\":\"a\",\"stored\":true},"
                + "{\"id\":\"b\",\"error\":\"disk full\"},"
                + "{\"id\":\"c\",\"stored\":false},"
                + "{\"id\":\"d\",\"error\":\"bad hash\",\"status\":400},"
                + "{\"id\":\"e\",\"error\":\"not stored; retry\",\"status\":503}]}"), List.of("a", "b", "c", "d", "e"));
        assertFalse(answer.whole());
        assertEquals(List.of(Kind.STORED, Kind.UNAVAILABLE, Kind.DUPLICATE, Kind.REJECTED, Kind.UNAVAILABLE),
                answer.outcomes().stream().map(Outcome::kind).toList());
        assertEquals("disk full", answer.outcomes().get(1).error());
        assertEquals(400, answer.outcomes().get(3).status());
        assertEquals(Kind.STORED, answer.verdict(), "the API took the request");
    }

    @Test
    void batchWhoseEveryItemFailedForTheDatabaseIsAnOutage() {
        Answer answer = reader.batch(answer(200, "{\"results\":[{\"id\":\"a\",\"error\":\"down\",\"status\":503},"
                + "{\"id\":\"b\",\"error\":\"down\",\"status\":503}]}"), List.of("a", "b"));
        assertEquals(Kind.UNAVAILABLE, answer.verdict());
        Answer rejected = reader.batch(answer(200, "{\"results\":[{\"id\":\"a\",\"error\":\"bad\",\"status\":400}]}"), List.of("a"));
        assertEquals(Kind.STORED, rejected.verdict(), "a refused item is an answer about the item; the API works");
    }

    /** Never send again what got a success status: a bulk answer without hashpipe's per-item list stores them all. */
    @Test
    void batchSuccessWithoutAMatchingItemListStoresEveryRecord() {
        List<String> ids = List.of("a", "b");
        for (String body : List.of("", "{\"ok\":true}", "{\"results\":[{\"id\":\"a\",\"stored\":true}]}",
            "{\"results\":[{\"id\":\"b\",\"stored\":true},{\"id\":\"a\",\"stored\":true}]}")) {
            Answer answer = reader.batch(answer(200, body), ids);
            assertEquals(List.of(Kind.STORED, Kind.STORED), answer.outcomes().stream().map(Outcome::kind).toList(), body);
        }
    }

    @Test
    void batchRefusedAsAWholeGivesEveryItemTheSameOutcome() {
        Answer answer = reader.batch(new DbApiResponse(413, "{\"error\":\"too large\",\"status\":413}", null, true), List.of("a", "b"));
        assertTrue(answer.whole());
        assertEquals(List.of(Kind.REJECTED, Kind.REJECTED), answer.outcomes().stream().map(Outcome::kind).toList());
    }

    @Test
    void nonJsonErrorBodyIsQuoted() {
        assertEquals("Bad Gateway", ResponseReader.errorText("Bad Gateway"));
        assertEquals("HTTP 502: <html>Bad Gateway</html>", reader.single(answer(502, "<html>Bad Gateway</html>")).outcomes().get(0).error());
    }

    private static DbApiResponse answer(int status, String body) {
        return new DbApiResponse(status, body, null, true);
    }
}
