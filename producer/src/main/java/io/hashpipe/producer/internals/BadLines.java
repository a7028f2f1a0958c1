package io.hashpipe.producer.internals;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bad lines of one run of JSON lines: the first {@value #PROBLEMS_SHOWN} logged and kept with their line
 * numbers and reasons, the rest counted. Added to from the reading thread and from the Kafka client's callbacks
 * (a line refused as too large), so it is synchronized.
 */
public final class BadLines {

    private static final Logger log = LoggerFactory.getLogger(BadLines.class);
    /** Bad lines reported one by one, in the log and the report; the rest are counted. */
    public static final int PROBLEMS_SHOWN = 20;

    private final List<String> shown = new ArrayList<>();
    private long count;

    /** One more bad line, e.g. {@code line 7: not a JSON object}. */
    public synchronized void add(String problem) {
        if (++count <= PROBLEMS_SHOWN) {
            shown.add(problem);
            log.warn("Skipping a bad task: {}", problem);
        }
    }

    /** Bad lines so far. */
    public synchronized long count() {
        return count;
    }

    /** The first {@value #PROBLEMS_SHOWN} bad lines' problems, in order. */
    public synchronized List<String> shown() {
        return List.copyOf(shown);
    }
}
