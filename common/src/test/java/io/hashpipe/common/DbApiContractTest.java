package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DbApiContractTest {

    @ParameterizedTest
    @ValueSource(strings = {"task-17", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", " leading and trailing ", "tâche",
            "задача", "\u4efb\u52a1", "emoji \ud83d\ude00", "100% sure", "a+b=c&d", "%41", "tab\there"})
    void anyIdRoundTripsThroughTheHeaderAsAsciiOnly(String id) {
        String header = DbApiContract.encodeKey(id);
        assertTrue(header.chars().allMatch(c -> c > 0x20 && c < 0x7f), header);
        assertEquals(id, DbApiContract.decodeKey(header));
    }

    @Test
    void plainIdsAreSentUnchanged() {
        assertEquals("task-17_a.b~c", DbApiContract.encodeKey("task-17_a.b~c"));
        assertEquals("t%20x", DbApiContract.encodeKey("t x"));
        assertEquals("%C3%BC", DbApiContract.encodeKey("\u00fc"));
    }

    @Test
    void aHeaderWithoutPercentIsTheIdAsItIs() {
        assertEquals("a+b:c@d", DbApiContract.decodeKey("a+b:c@d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "abc%4", "%zz", "%C3", "%FF%FE", "%41\u00fc"})
    void malformedEncodingIsRefusedNamingTheHeader(String header) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DbApiContract.decodeKey(header));
        assertTrue(e.getMessage().contains(DbApiContract.IDEMPOTENCY_KEY), e.getMessage());
    }
}
