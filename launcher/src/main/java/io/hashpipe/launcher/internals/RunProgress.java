package io.hashpipe.launcher.internals;

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
    private final int tasks;
    private final boolean terminal;
    private final PrintWriter out;
    private long lastLineNanos = Long.MIN_VALUE / 2;
    private String lastLine = "";

    public RunProgress(MeterRegistry registry, int tasks, PrintWriter out, boolean terminal) {
        this.registry = registry;
        this.out = out;
        this.tasks = tasks;
        this.terminal = terminal;
    }

    /** Shows the stages' counts at {@code elapsedNanos}; {@code stored} is read from the database. */
    public void show(long stored, long elapsedNanos) {
        String line = String.format("[%6.1f s] produced %,d/%,d | hashed %,d | stored %,d | dead letters %,d",
                elapsedNanos / 1e9, MeterReadings.count(registry, "hashpipe.producer.tasks.sent"), tasks,
                MeterReadings.count(registry, "hashpipe.hasher.hashes"), stored,
                MeterReadings.count(registry, "hashpipe.hasher.dead.letters")
                        + MeterReadings.count(registry, "hashpipe.saver.dead.letters"));
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
