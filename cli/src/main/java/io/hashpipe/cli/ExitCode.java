package io.hashpipe.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code hashpipe} command, one table for all (shown in each command's {@code --help}
 * and in the README). A stop by a signal exits 128 + the signal's number, as shells and Kafka's own tools do,
 * after the clean stop: open transactions finished or aborted, stored offsets committed.
 */
public final class ExitCode {

    /** Done: every task sent, stored and verified, or the service stopped by itself without error. */
    public static final int OK = 0;
    /** A runtime failure: a stage failed, a fatal Kafka error, the broker or the API out of reach, a check that failed. */
    public static final int FAILED = 1;
    /** Bad usage: an unknown or invalid flag or environment variable; nothing was started. */
    public static final int USAGE = 2;
    /** Stopped by Ctrl-C (SIGINT, 128 + 2) after a clean stop. */
    public static final int SIGINT = 130;
    /** Stopped by SIGTERM (128 + 15; docker stop, Kubernetes) after a clean stop. */
    public static final int SIGTERM = 143;

    private ExitCode() {
    }

    /** The table as picocli's exit code list: code, then what it means. */
    public static Map<String, String> table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(OK + ":", "done (a service: stopped by itself without error)");
        table.put(FAILED + ":", "failed at run time (the message says why)");
        table.put(USAGE + ":", "invalid flag or environment variable; nothing was started");
        table.put(SIGINT + ":", "stopped by Ctrl-C (SIGINT), after a clean stop");
        table.put(SIGTERM + ":", "stopped by SIGTERM, after a clean stop");
        return table;
    }
}
