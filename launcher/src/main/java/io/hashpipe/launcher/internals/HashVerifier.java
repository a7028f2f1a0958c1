package io.hashpipe.launcher.internals;

import io.hashpipe.common.Limits;
import io.hashpipe.common.Task;
import io.hashpipe.dbapi.ResultStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Checks what the database holds against the tasks that were sent: every task stored once, and every
 * stored hash a bcrypt of its task's password at the task's cost.
 */
public final class HashVerifier {

    /**
     * The outcome.
     *
     * @param stored      rows whose id is one of the tasks
     * @param verified    of those, rows whose hash matches the task's password at the task's cost
     * @param missing     tasks with no row
     * @param duplicates  rows beyond the first for the same task id
     * @param badHashes   ids whose hash does not verify (at most a few, for the report)
     */
    public record Report(int stored, int verified, int missing, int duplicates, List<String> badHashes) {
        /** Whether every task is stored once and verified. */
        public boolean allVerified(int tasks) {
            return stored == tasks && verified == tasks && missing == 0 && duplicates == 0;
        }
    }

    private HashVerifier() {
    }

    /** Reads every row of {@code store} and checks the ones that belong to {@code tasks}, on every core. */
    public static Report verify(Map<String, Task> tasks, ResultStore store) {
        Map<String, String> hashes = new ConcurrentHashMap<>();
        int[] duplicates = {0};
        store.forEach(row -> {
            if (tasks.containsKey(row.id()) && hashes.put(row.id(), row.hash()) != null) {
                duplicates[0]++;
            }
        });
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        long verified = hashes.entrySet().parallelStream().filter(entry -> {
            Task task = tasks.get(entry.getKey());
            // $2a$ (Java's bcrypts) or $2b$ (the C one, from the python-async strategy), at the task's cost
            boolean ok = Limits.hashProblem("hash", entry.getValue(), task.difficulty()) == null
                    && BCrypt.checkpw(task.password(), entry.getValue());
            if (!ok && bad.size() < 5) {
                bad.add(entry.getKey());
            }
            return ok;
        }).count();
        return new Report(hashes.size(), (int) verified, tasks.size() - hashes.size(), duplicates[0], List.copyOf(bad));
    }
}
