package io.hashpipe.local;

import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import java.util.Map;

/**
 * A processor of the tests' own, found on their class path: the length of the field {@code text}. It has no check,
 * and it refuses the tasks {@code run} generates (they have no {@code text}), like a user's processor would.
 */
public class TextLengthProcessor implements Processor {

    @Override
    public String name() {
        return "text-length";
    }

    @Override
    public String description() {
        return "the length of the field text (tests only); no check";
    }

    @Override
    public Map<String, Object> process(Task task) throws Exception {
        return Map.of("length", task.text("text").length());
    }
}
