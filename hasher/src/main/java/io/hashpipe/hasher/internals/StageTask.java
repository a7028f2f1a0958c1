package io.hashpipe.hasher.internals;

import io.hashpipe.api.Task;
import java.time.Instant;
import java.util.Map;

/** A task record as the stage hands it to its processor; the deadline is set when a worker starts it. */
record StageTask(String id, Map<String, Object> input, Map<String, byte[]> headers, Instant deadline) implements Task {

    StageTask withDeadline(Instant deadline) {
        return new StageTask(id, input, headers, deadline);
    }
}
