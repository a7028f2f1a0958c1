package io.hashpipe.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A task made with {@link Task#of}: no headers, no time limit. */
record SimpleTask(String id, Map<String, Object> input, Map<String, byte[]> headers, Instant deadline) implements Task {

    static SimpleTask of(String id, Map<String, Object> fields) {
        Objects.requireNonNull(id, "id");
        Map<String, Object> input = new LinkedHashMap<>(fields);
        input.put("id", id);
        return new SimpleTask(id, Collections.unmodifiableMap(input), Map.of(), Instant.MAX);
    }
}
