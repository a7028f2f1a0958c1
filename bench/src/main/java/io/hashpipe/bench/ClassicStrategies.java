package io.hashpipe.bench;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.Task;
import io.hashpipe.hasher.processors.BcryptProcessor;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The textbook strategies of the classic experiment, each on one hashing thread (the caller's):
 * {@code serial}, {@code batched} and {@code async} with Spring Security's BCrypt one hash at a time (what a
 * Java user writes), and {@code cpu} with the hashers' own bcrypt processor in its batches (three hashes
 * interleaved), so that the CPU-bound ideal (cpu time / cores) is what the pipeline's workers could reach.
 *
 * <p>Each returns the hashes it made by task id; every strategy but {@code cpu} has stored each of them
 * (acknowledged by the database) when it returns.
 */
final class ClassicStrategies {

    /** Hashes per flush of {@code batched}, and POSTs in flight at most for {@code async}. */
    static final int CONCURRENCY = 100;

    private final SecureRandom random = new SecureRandom();
    /** Hashes made so far, for the progress bar. */
    final AtomicLong hashed = new AtomicLong();

    /** Runs {@code strategy} over {@code tasks}; {@code db} is null for {@link Strategy#CPU}. */
    Map<String, String> run(Strategy strategy, List<Task> tasks, DbClient db) throws InterruptedException {
        return switch (strategy) {
            case CPU -> cpu(tasks);
            case SERIAL -> serial(tasks, db);
            case BATCHED -> batched(tasks, db);
            case ASYNC -> async(tasks, db);
            default -> throw new IllegalArgumentException("not a classic strategy: " + strategy.flag());
        };
    }

    private Map<String, String> cpu(List<Task> tasks) {
        BcryptProcessor bcrypt = new BcryptProcessor();
        bcrypt.configure(new ProcessorContext("bench-cpu", 1, Map.of()));
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int from = 0; from < tasks.size(); from += bcrypt.maxBatch()) {
            List<Task> group = tasks.subList(from, Math.min(tasks.size(), from + bcrypt.maxBatch()));
            List<io.hashpipe.api.Task> inputs = group.stream().map(t -> io.hashpipe.api.Task.of(t.id(),
                    Map.<String, Object>of("password", t.password(), "difficulty", t.difficulty()))).toList();
            List<Map<String, Object>> outputs;
            try {
                outputs = bcrypt.processBatch(inputs);
            } catch (BadInputException e) {
                throw new AssertionError("the bench's own task refused: " + e.getMessage(), e);
            }
            for (int i = 0; i < group.size(); i++) {
                hashes.put(group.get(i).id(), (String) outputs.get(i).get("hash"));
                hashed.incrementAndGet();
            }
        }
        return hashes;
    }

    private Map<String, String> serial(List<Task> tasks, DbClient db) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Task task : tasks) {
            String hash = hash(task);
            db.postAndWait(task.id(), hash);
            hashes.put(task.id(), hash);
        }
        return hashes;
    }

    private Map<String, String> batched(List<Task> tasks, DbClient db) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int from = 0; from < tasks.size(); from += CONCURRENCY) {
            List<Task> batch = tasks.subList(from, Math.min(tasks.size(), from + CONCURRENCY));
            Map<String, String> flush = new LinkedHashMap<>();
            batch.forEach(task -> flush.put(task.id(), hash(task)));
            List<CompletableFuture<Void>> posts = new ArrayList<>(flush.size());
            flush.forEach((id, hash) -> posts.add(db.post(id, hash)));
            CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
            hashes.putAll(flush);
        }
        return hashes;
    }

    private Map<String, String> async(List<Task> tasks, DbClient db) throws InterruptedException {
        Map<String, String> hashes = new LinkedHashMap<>();
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<CompletableFuture<Void>> posts = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            String hash = hash(task);
            hashes.put(task.id(), hash);
            inFlight.acquire();
            posts.add(db.post(task.id(), hash).whenComplete((ok, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
        return hashes;
    }

    private String hash(Task task) {
        String hash = BCrypt.hashpw(task.password(), BCrypt.gensalt(task.difficulty(), random));
        hashed.incrementAndGet();
        return hash;
    }
}
