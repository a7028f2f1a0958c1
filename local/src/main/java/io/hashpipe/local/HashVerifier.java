package io.hashpipe.local;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.api.Verdict;
import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.hashpipe.dbapi.ResultStore;
import io.hashpipe.dbapi.StoredResult;
import io.hashpipe.hasher.Processors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks what the database holds against the tasks that were sent: every task stored once, and every stored
 * output accepted by its processor's {@link Processor#check} for the task's input (bcrypt: the hash is a bcrypt
 * of the task's password at the task's cost, {@code BCrypt.checkpw}). The tasks are the generated ones ({@link
 * Task}) or any processor's inputs by id (a file's lines, as they were sent).
 */
public final class HashVerifier {

    /**
     * The outcome.
     *
     * @param stored      rows whose id is one of the tasks
     * @param verified    of those, rows whose output the processor's check accepts
     * @param missing     tasks with no row
     * @param duplicates  rows beyond the first for the same task id
     * @param badHashes   ids whose output does not verify (at most a few, for the report)
     * @param unchecked   of the stored rows, those the processor cannot check ({@link Verdict#notChecked()}: it has no check)
     */
    public record Report(int stored, int verified, int missing, int duplicates, List<String> badHashes, int unchecked) {

        /** A report of a processor that checked every row it was given. */
        public Report(int stored, int verified, int missing, int duplicates, List<String> badHashes) {
            this(stored, verified, missing, duplicates, badHashes, 0);
        }

        /** Whether every task is stored once and verified, or (a processor without a check) stored once and not checked. */
        public boolean allVerified(int tasks) {
            return stored == tasks && verified + unchecked == tasks && missing == 0 && duplicates == 0;
        }

        /** Whether the processor could not check any of the rows: it has no check. */
        public boolean notChecked() {
            return unchecked > 0 && verified == 0 && badHashes.isEmpty();
        }
    }

    private HashVerifier() {
    }

    /** {@link #verify(Map, ResultStore, Processor)} with bcrypt's check. */
    public static Report verify(Map<String, Task> tasks, ResultStore store) {
        Processor bcrypt = Processors.load("bcrypt", null);
        bcrypt.configure(new ProcessorContext("verifier", 1, Map.of()));
        return verify(tasks, store, bcrypt);
    }

    /** Reads every row of {@code store} and checks the ones that belong to {@code tasks} with {@code processor}, on every core. */
    public static Report verify(Map<String, Task> tasks, ResultStore store, Processor processor) {
        Map<String, Map<String, Object>> inputs = new HashMap<>();
        tasks.forEach((id, task) -> inputs.put(id, input(task)));
        return verifyInputs(inputs, store, processor);
    }

    /**
     * Reads every row of {@code store} and checks the ones whose id is a key of {@code inputs} with {@code processor}
     * against that task's input, on every core.
     *
     * @param inputs each task's input by its id, as its record's JSON holds it
     */
    public static Report verifyInputs(Map<String, Map<String, Object>> inputs, ResultStore store, Processor processor) {
        Map<String, StoredResult> rows = new ConcurrentHashMap<>();
        int[] duplicates = {0};
        store.forEach(row -> {
            if (inputs.containsKey(row.id()) && rows.put(row.id(), row) != null) {
                duplicates[0]++;
            }
        });
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger unchecked = new AtomicInteger();
        long verified = rows.values().parallelStream().filter(row -> {
            Verdict verdict = processor.check(io.hashpipe.api.Task.of(row.id(), inputs.get(row.id())), output(row));
            if (verdict.kind() == Verdict.Kind.NOT_CHECKED) {
                unchecked.incrementAndGet();
                return false;
            }
            boolean ok = verdict.kind() == Verdict.Kind.PASSED;
            if (!ok && bad.size() < 5) {
                bad.add(row.id() + " (" + verdict + ")");
            }
            return ok;
        }).count();
        return new Report(rows.size(), (int) verified, inputs.size() - rows.size(), duplicates[0], List.copyOf(bad), unchecked.get());
    }

    /** A generated task's input, as its record's JSON holds it. */
    private static Map<String, Object> input(Task task) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("password", task.password());
        input.put("difficulty", task.difficulty());
        return input;
    }

    /** A row as its processor wrote it: another processor's JSON, or bcrypt's columns. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> output(StoredResult row) {
        if (row.output() != null) {
            try {
                return Json.mapper().readValue(row.output(), LinkedHashMap.class);
            } catch (IOException e) {
                return Map.of("unreadable", e.getMessage());
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("id", row.id());
        output.put("hash", row.hash());
        if (row.difficulty() != null) {
            output.put("difficulty", row.difficulty());
        }
        return output;
    }
}
