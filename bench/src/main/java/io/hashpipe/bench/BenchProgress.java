package io.hashpipe.bench;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress bar for one strategy run, on stderr: redrawn in place on a terminal every 200 ms, a line every
 * 5 s otherwise (logs, CI). Reads the counts from suppliers, so the measured work never waits for it.
 */
public final class BenchProgress implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long LINE_PERIOD_NANOS = 5_000_000_000L;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hashpipe-bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final String label;
    private final int total;
    private final LongSupplier hashed;
    private final LongSupplier stored;
    private final PrintWriter out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastLine = start;

    /**
     * Starts drawing.
     *
     * @param label  e.g. {@code cost 10  async}
     * @param hashed hashes made so far
     * @param stored results stored so far (the bar's length)
     */
    public BenchProgress(String label, int total, LongSupplier hashed, LongSupplier stored, PrintWriter out, boolean terminal) {
        this.label = label;
        this.total = total;
        this.hashed = hashed;
        this.stored = stored;
        this.out = out;
        this.terminal = terminal;
        timer.scheduleAtFixedRate(this::draw, 200, 200, TimeUnit.MILLISECONDS);
    }

    private synchronized void draw() {
        try {
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r" + line(now));
                out.flush();
            } else if (now - lastLine >= LINE_PERIOD_NANOS) {
                out.println(line(now));
                out.flush();
                lastLine = now;
            }
        } catch (RuntimeException e) {
            // A count that cannot be read now (e.g. the database is busy) is read at the next tick.
        }
    }

    private String line(long now) {
        long done = Math.min(total, stored.getAsLong());
        int filled = (int) (WIDTH * done / Math.max(1, total));
        return String.format("  %-24s [%s%s] %,6d/%,d stored, %,d hashed %7.1f s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, hashed.getAsLong(), (now - start) / 1e9);
    }

    /** Stops drawing and ends the line with {@code outcome}. */
    public synchronized void finish(String outcome) {
        timer.shutdownNow();
        out.println((terminal ? "\r" : "") + line(System.nanoTime()) + "  " + outcome);
        out.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
