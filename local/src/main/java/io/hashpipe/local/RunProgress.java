package io.hashpipe.local;

import io.hashpipe.common.MeterReadings;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.producer.ProducerMeters;
import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;

/**
 * The progress of {@code hashpipe run}, one stage beside the other: rewritten in place on a terminal, a
 * line every few seconds otherwise (logs, CI).
 */
public final class RunProgress {

    /** Seconds between lines when the output is not a terminal. */
    private static final long LINE_PERIOD_NANOS = 5_000_000_000L;

    private final MeterRegistry registry;
    private long tasks;
    /** What the tasks are, after their count: empty for generated tasks, {@code " tasks from tasks.jsonl (sha256)"}. */
    private final String what;
    private final boolean terminal;
    private final PrintWriter out;
    private long lastLineNanos = Long.MIN_VALUE / 2;
    private String lastLine = "";

    public RunProgress(MeterRegistry registry, int tasks, PrintWriter out, boolean terminal) {
        this(registry, tasks, "", out, terminal);
    }

    /** @param what what the tasks are, after their count ({@code " tasks from tasks.jsonl (sha256)"}), or empty */
    public RunProgress(MeterRegistry registry, long tasks, String what, PrintWriter out, boolean terminal) {
        this.registry = registry;
        this.out = out;
        this.tasks = tasks;
        this.what = what;
        this.terminal = terminal;
    }

    /** The count of tasks from now on: a file's, once every line was read and sent. */
    public void total(long tasks) {
        this.tasks = tasks;
    }

    /** Shows the stages' counts at {@code elapsedNanos}; {@code stored} is read from the database. */
    public void show(long stored, long elapsedNanos) {
        String line = String.format("[%6.1f s] %s", elapsedNanos / 1e9, counts(stored, " | "));
        if (terminal) {
            out.print("\r" + line);
            out.flush();
        } else if (elapsedNanos - lastLineNanos >= LINE_PERIOD_NANOS) {
            out.println(line);
            out.flush();
            lastLineNanos = elapsedNanos;
        }
        lastLine = line;
    }

    /** The counts reached at {@code elapsedNanos}, for the line that says why the run stopped early. */
    public String reached(long stored, long elapsedNanos) {
        return String.format("%.1f s: %s", elapsedNanos / 1e9, counts(stored, ", "));
    }

    private String counts(long stored, String separator) {
        return String.join(separator,
                String.format("produced %,d/%,d%s", MeterReadings.count(registry, ProducerMeters.TASKS_SENT), tasks, what),
                String.format("hashed %,d", MeterReadings.count(registry, HasherMeters.HASHES)),
                String.format("stored %,d", stored),
                String.format("dead letters %,d", MeterReadings.count(registry, HasherMeters.DEAD_LETTERS)
                        + MeterReadings.count(registry, SaverMeters.DEAD_LETTERS)));
    }

    /** Ends the progress display, leaving the last state visible. */
    public void finish() {
        if (terminal) {
            out.println();
        } else if (!lastLine.isEmpty()) {
            out.println(lastLine);
        }
        out.flush();
    }
}
