package io.hashpipe.dbapi.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnobsTest {

    final Knobs knobs = new Knobs(100, 0, 0, 0, 0.0, 0.0);

    @Test
    void changesReplaceOnlyTheFieldsGiven() throws Exception {
        Knobs changed = knobs.with(Json.mapper().readTree("{\"maxConcurrency\": 8, \"timeoutRate\": 0.5}"));
        assertEquals(new Knobs(100, 0, 8, 0, 0.0, 0.5), changed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"latencyMs\": -1}                       | latencyMs",
            "{\"latencyMs\": 600001}                   | latencyMs",
            "{\"latencyMs\": 1.5}                      | latencyMs",
            "{\"latencyJitterMs\": \"5\"}              | latencyJitterMs",
            "{\"maxConcurrency\": -2}                  | maxConcurrency",
            "{\"maxRps\": 99999999999}                 | maxRps",
            "{\"errorRate\": -0.5}                     | errorRate",
            "{\"timeoutRate\": true}                   | timeoutRate",
            "{\"errorRate\": 0.7, \"timeoutRate\": 0.7} | errorRate",
            "{\"latency\": 5}                          | latency",
            "[1]                                       | JSON object"})
    void badChangeIsRefusedNamingTheField(String json, String field) throws Exception {
        var changes = Json.mapper().readTree(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> knobs.with(changes));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
