package io.hashpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code python-async} strategy: the classic experiment's full-async client in Python with the C bcrypt
 * ({@code classic_async.py}, shipped in the jar), run as a child process against the bench's database, so
 * that the table shows what a Python user compares hashpipe with.
 *
 * <p>It needs a {@code python3} with the {@code bcrypt} and {@code aiohttp} packages; {@link #find} says
 * which one, or why none.
 */
public final class PythonAsync {

    /** The script, a resource next to this class. */
    static final String SCRIPT = "classic_async.py";
    /** Interpreters tried in this order when none is given: the one on the PATH, then Debian's. */
    static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

    private final String python;
    /** Hashes made so far, for the progress bar. */
    final AtomicLong hashed = new AtomicLong();
    /** Results the database acknowledged so far. */
    final AtomicLong stored = new AtomicLong();

    private PythonAsync(String python) {
        this.python = python;
    }

    /**
     * The strategy on the first interpreter of {@code configured} (when not blank) or of {@link #CANDIDATES}
     * that imports {@code bcrypt} and {@code aiohttp}; empty when none does.
     */
    public static Optional<PythonAsync> find(String configured) {
        List<String> tried = configured == null || configured.isBlank() ? CANDIDATES : List.of(configured.strip());
        return tried.stream().filter(PythonAsync::hasPackages).findFirst().map(PythonAsync::new);
    }

    /** Why {@link #find} found nothing, with the fix. */
    public static String missing(String configured) {
        String tried = configured == null || configured.isBlank() ? String.join(", ", CANDIDATES) : configured.strip();
        return "skipped python-async: no Python 3 with the bcrypt and aiohttp packages (tried " + tried + "); install them"
                + " (Debian: apt-get install python3-bcrypt python3-aiohttp) or name an interpreter with --python";
    }

    /** The interpreter this strategy runs. */
    public String python() {
        return python;
    }

    /** What one run did, by the script's own clock: from the first hash to the last acknowledged POST. */
    record Outcome(double seconds, long stored, long retries) {
    }

    /** Runs the script over {@code tasks} against the database API at {@code base}, and waits for it. */
    Outcome run(List<Task> tasks, URI base) throws InterruptedException {
        try {
            Path dir = Files.createTempDirectory("hashpipe-python-async");
            try {
                Path script = dir.resolve(SCRIPT);
                try (InputStream in = PythonAsync.class.getResourceAsStream(SCRIPT)) {
                    if (in == null) {
                        throw new IllegalStateException(SCRIPT + " is missing from the jar; rebuild it with ./hashpipe --rebuild");
                    }
                    Files.copy(in, script);
                }
                Path taskFile = dir.resolve("tasks.jsonl");
                StringBuilder lines = new StringBuilder();
                for (Task task : tasks) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("id", task.id());
                    line.put("password", task.password());
                    line.put("difficulty", task.difficulty());
                    lines.append(Json.toString(line)).append('\n');
                }
                Files.writeString(taskFile, lines, StandardCharsets.UTF_8);
                return runScript(script, taskFile, base.resolve(DbApiContract.ADD));
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run the python-async strategy: " + e.getMessage(), e);
        }
    }

    private Outcome runScript(Path script, Path taskFile, URI url) throws IOException, InterruptedException {
        List<String> command = List.of(python, script.toString(), "--url", url.toString(), "--tasks", taskFile.toString(),
                "--concurrency", Integer.toString(ClassicStrategies.CONCURRENCY));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        List<String> errors = new ArrayList<>();
        Thread errReader = new Thread(() -> readLines(process.getErrorStream(), errors), "hashpipe-python-async-stderr");
        errReader.setDaemon(true);
        errReader.start();
        JsonNode done = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("progress ")) {
                    String[] counts = line.split(" ");
                    hashed.set(Long.parseLong(counts[1]));
                    stored.set(Long.parseLong(counts[2]));
                } else if (line.startsWith("done ")) {
                    done = Json.mapper().readTree(line.substring(5));
                }
            }
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        errReader.join(1000);
        if (process.exitValue() != 0 || done == null) {
            throw new IllegalStateException("python-async (" + String.join(" ", command) + ") exited " + process.exitValue()
                    + ": " + String.join(" | ", errors.subList(Math.max(0, errors.size() - 5), errors.size())));
        }
        hashed.set(done.path("hashed").asLong());
        stored.set(done.path("stored").asLong());
        return new Outcome(done.path("seconds").asDouble(), done.path("stored").asLong(), done.path("retries").asLong());
    }

    private static boolean hasPackages(String python) {
        try {
            Process probe = new ProcessBuilder(python, "-c", "import bcrypt, aiohttp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(20, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void readLines(InputStream in, List<String> into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (into) {
                    into.add(line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what was read is enough for the message
        }
    }
}
