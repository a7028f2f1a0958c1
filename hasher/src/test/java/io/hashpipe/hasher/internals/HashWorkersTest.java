package io.hashpipe.hasher.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The workers take queued jobs of one cost in groups, never wait for a partner, and answer every job. */
class HashWorkersTest {

    private static final int GROUP = 3;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PartitionState partition = new PartitionState(new TopicPartition("tasks", 0));
    private final AtomicInteger dry = new AtomicInteger();
    /** Every group the workers hashed, as the passwords (here the task ids) they passed. */
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();
    /** Holds the first group in the hasher until released, so that the test can queue jobs behind it. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Task id by record offset: a failure's completion names only the offset. */
    private final Map<Long, String> ids = new ConcurrentHashMap<>();
    private HashWorkers workers;

    @AfterEach
    void shutdown() {
        release.countDown();
        workers.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void aLoneJobIsHashedAloneAtOnce() {
        workers = workers(1, recording(Bcrypt::hashpw));
        release.countDown();
        Job job = job(partition, "lone", 4);
        workers.submit(job);
        Map<String, Completion> done = awaitCompletions(1);
        assertEquals(List.of(List.of("lone")), groups);
        assertTrue(BCrypt.checkpw("lone", result(done.get("lone")).hash()));
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0 && dry.get() == 1);
    }

    @Test
    void queuedJobsOfOneCostAreHashedTogetherUpToTheGroupSizeAndEveryOneIsAnswered() {
        workers = workers(1, recording(Bcrypt::hashpw));
        workers.submit(job(partition, "a", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        assertEquals(1.0, registry.get(HashWorkers.BUSY).gauge().value(), "one worker busy with the first group");
        for (String id : List.of("b", "c", "d", "e")) {
            workers.submit(job(partition, id, 4));
        }
        workers.submit(job(partition, "f", 5));
        workers.submit(job(partition, "g", 4));
        release.countDown();
        Map<String, Completion> done = awaitCompletions(7);
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d"), List.of("e", "g"), List.of("f")), groups);
        for (Map.Entry<String, Completion> entry : done.entrySet()) {
            Result result = result(entry.getValue());
            assertTrue(BCrypt.checkpw(entry.getKey(), result.hash()), entry.getKey());
            assertEquals(entry.getKey().equals("f") ? 5 : 4, result.difficulty());
        }
        assertEquals(result(done.get("b")).hashMicros(), result(done.get("d")).hashMicros(), "a grouped hash's share is its group's");
        assertEquals(6, registry.get(HashWorkers.HASH_DURATION).tag("difficulty", "4").timer().count(), "one sample per job");
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0 && registry.get(HashWorkers.BUSY).gauge().value() == 0);
    }

    @Test
    void jobsOfARevokedPartitionAreSkippedAndStillCountAsAnswered() {
        workers = workers(1, recording(Bcrypt::hashpw));
        PartitionState revoked = new PartitionState(new TopicPartition("tasks", 1));
        workers.submit(job(partition, "a", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        workers.submit(job(revoked, "b", 4));
        workers.submit(job(partition, "c", 4));
        workers.submit(job(revoked, "d", 4));
        revoked.revoke();
        release.countDown();
        Map<String, Completion> done = awaitCompletions(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0);
        assertEquals(List.of("a", "c"), done.keySet().stream().sorted().toList());
        assertEquals(List.of(List.of("a"), List.of("c")), groups);
        assertNull(workers.nextCompletion());
        assertEquals(1, dry.get());
    }

    @Test
    void aTaskBcryptRefusesIsADeadLetterAndTheRestOfItsGroupIsHashed() {
        workers = workers(1, recording(Bcrypt::hashpw));
        workers.submit(job(partition, "a", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        String tooLong = "x".repeat(73);
        workers.submit(job(partition, "b", 4));
        workers.submit(job(partition, tooLong, 4));
        workers.submit(job(partition, "c", 4));
        release.countDown();
        Map<String, Completion> done = awaitCompletions(4);
        assertTrue(done.get(tooLong).output().deadLetter());
        assertEquals("IllegalArgumentException", header(done.get(tooLong), DeadLetters.ERROR_CLASS));
        for (String id : List.of("a", "b", "c")) {
            assertFalse(done.get(id).output().deadLetter(), id);
            assertTrue(BCrypt.checkpw(id, result(done.get(id)).hash()), id);
        }
    }

    @Test
    void anErrorIsHandedBackForEveryJobOfItsGroup() {
        AssertionError error = new AssertionError("broken bcrypt");
        workers = workers(1, recording((passwords, salts) -> {
            if (passwords.contains("b")) {
                throw error;
            }
            return Bcrypt.hashpw(passwords, salts);
        }));
        workers.submit(job(partition, "a", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        for (String id : List.of("b", "c", "d")) {
            workers.submit(job(partition, id, 4));
        }
        release.countDown();
        Map<String, Completion> done = awaitCompletions(4);
        assertNull(done.get("a").failure());
        for (String id : List.of("b", "c", "d")) {
            assertSame(error, done.get(id).failure(), id);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0);
    }

    private HashWorkers workers(int threads, JobHasher.Kernel hasher) {
        return new HashWorkers(threads, "hasher-t", "results", "tasks.dlq", registry, GROUP, hasher, dry::incrementAndGet);
    }

    /** {@code hasher}, recording each group and holding every one until {@link #release}. */
    private JobHasher.Kernel recording(JobHasher.Kernel hasher) {
        return (passwords, salts) -> {
            groups.add(List.copyOf(passwords));
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return hasher.hash(passwords, salts);
        };
    }

    /** A job whose id is also its password. */
    private Job job(PartitionState state, String id, int cost) {
        long offset = ids.size();
        ids.put(offset, id);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("tasks", 0, offset, id.getBytes(StandardCharsets.UTF_8), new byte[0]);
        return new Job(state, record, new Task(id, id, cost, Instant.EPOCH));
    }

    /** Waits for {@code count} completions; returns them by task id. */
    private Map<String, Completion> awaitCompletions(int count) {
        List<Completion> done = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Completion c = workers.nextCompletion(); c != null; c = workers.nextCompletion()) {
                done.add(c);
            }
            return done.size() >= count;
        });
        assertEquals(count, done.size());
        return done.stream().collect(Collectors.toMap(c -> ids.get(c.offset()), Function.identity()));
    }

    private static Result result(Completion completion) {
        try {
            return Json.fromBytes(completion.output().record().value(), Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(Completion completion, String name) {
        return new String(completion.output().record().headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
