package io.hashpipe.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One way of doing the benchmark's work: hash every task with bcrypt and store each hash through the database API. */
public enum Strategy {
    /** Hash only, one thread: the CPU-only column (nothing stored). */
    CPU("cpu", "CPU only"),
    /** Hash, then a blocking POST, one task at a time. */
    SERIAL("serial", "serial"),
    /** Hash 100, then POST the 100 concurrently and wait for all of them. */
    BATCHED("batched", "batched (100 per flush)"),
    /** One hashing thread; POSTs fired asynchronously with up to 100 in flight. */
    ASYNC("async", "async (100 in flight)"),
    /** The classic async client in Python with the C bcrypt, run as a child process (needs bcrypt and aiohttp). */
    PYTHON_ASYNC("python-async", "async in Python, C bcrypt"),
    /** hashpipe: producer -> hashers -> saver over Kafka, one POST /add per result. */
    PIPELINE("pipeline", "hashpipe pipeline"),
    /** hashpipe with the saver sending 100 results per POST /add/batch (the bounded-database case). */
    PIPELINE_BULK("pipeline-bulk", "hashpipe pipeline, bulk saving");

    private final String flag;
    private final String title;

    Strategy(String flag, String title) {
        this.flag = flag;
        this.title = title;
    }

    /** The name on the command line and in the CSV/JSON. */
    public String flag() {
        return flag;
    }

    /** The name in the table and the chart. */
    public String title() {
        return title;
    }

    /** Whether this strategy runs hashpipe itself. */
    public boolean isPipeline() {
        return this == PIPELINE || this == PIPELINE_BULK;
    }

    /**
     * The strategy named {@code flag}.
     *
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Strategy of(String flag) {
        String wanted = flag.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.flag.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown strategy '" + flag + "': must be one of " + names()));
    }

    /** Every name, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Strategy::flag).collect(Collectors.joining(","));
    }
}
