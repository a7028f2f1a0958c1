package io.hashpipe.hasher.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.BatchingProcessor;
import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.offsets.OffsetWindow;
import io.hashpipe.hasher.HasherMeters;
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

/**
 * The workers take queued jobs of one batch key in groups, never wait for a partner, and answer every job once:
 * with its result, or as a dead letter for a bad input, a processor failing, or the time limit.
 */
class HashWorkersTest {

    private static final int GROUP = 3;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OffsetWindow<Output> partition = new OffsetWindow<>(new TopicPartition("tasks", 0));
    private final AtomicInteger dry = new AtomicInteger();
    /** Every group the workers processed, as the task ids. */
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();
    /** Holds the first group in the processor until released, so that the test can queue jobs behind it. */
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
        workers = workers(1, new Recording(Bcrypt::hashpw), Duration.ofMinutes(1));
        release.countDown();
        workers.submit(job(partition, "lone", 4));
        Map<String, Completion> done = awaitCompletions(1);
        assertEquals(List.of(List.of("lone")), groups);
        assertTrue(BCrypt.checkpw("lone", result(done.get("lone")).hash()));
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0 && dry.get() == 1);
    }

    @Test
    void queuedJobsOfOneCostAreHashedTogetherUpToTheGroupSizeAndEveryOneIsAnswered() {
        workers = workers(1, new Recording(Bcrypt::hashpw), Duration.ofMinutes(1));
        workers.submit(job(partition, "a", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        assertEquals(1.0, registry.get(HasherMeters.BUSY).gauge().value(), "one worker busy with the first group");
        for (String id : List.of("b", "c", "d", "e")) {
            workers.submit(job(partition, id, 4));
        }
        workers.submit(job(partition, "f", 5));
        workers.submit(job(partition, "g", 4));
        release.countDown();
        Map<String, Completion> done = awaitCompletions(7);
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d"), List.of("e", "g"), List.of("f")), groups);
        for (Map.Entry<String, Completion> entry : done.entrySet()) {
            Hashed result = result(entry.getValue());
            assertEquals(entry.getKey(), result.id());
            assertTrue(BCrypt.checkpw(entry.getKey(), result.hash()), entry.getKey());
            assertEquals(entry.getKey().equals("f") ? 5 : 4, result.difficulty());
        }
        assertEquals(6, registry.get(HasherMeters.HASH_DURATION).tag("difficulty", "4").timer().count(), "one sample per job");
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0 && registry.get(HasherMeters.BUSY).gauge().value() == 0);
    }

    @Test
    void jobsOfARevokedPartitionAreSkippedAndStillCountAsAnswered() {
        workers = workers(1, new Recording(Bcrypt::hashpw), Duration.ofMinutes(1));
        OffsetWindow<Output> revoked = new OffsetWindow<>(new TopicPartition("tasks", 1));
        workers.submit(job(partition, "a", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        workers.submit(job(revoked, "b", 4));
        workers.submit(job(partition, "c", 4));
        workers.submit(job(revoked, "d", 4));
        revoked.close();
        release.countDown();
        Map<String, Completion> done = awaitCompletions(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0);
        assertEquals(List.of("a", "c"), done.keySet().stream().sorted().toList());
        assertEquals(List.of(List.of("a"), List.of("c")), groups);
        assertNull(workers.nextCompletion());
        assertEquals(1, dry.get());
    }

    @Test
    void aGroupTheKernelRefusesIsSplitSoOnlyTheBadTaskIsADeadLetter() {
        workers = workers(1, new Recording(Bcrypt::hashpw), Duration.ofMinutes(1));
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
        assertTrue(header(done.get(tooLong), DeadLetters.ERROR_MESSAGE).contains("failed " + JobRunner.ATTEMPTS + " times"));
        for (String id : List.of("a", "b", "c")) {
            assertFalse(done.get(id).output().deadLetter(), id);
            assertTrue(BCrypt.checkpw(id, result(done.get(id)).hash()), id);
        }
    }

    @Test
    void aBadInputIsADeadLetterAtOnceWithItsCodeAndReason() {
        AtomicInteger calls = new AtomicInteger();
        workers = workers(1, processor(task -> {
            calls.incrementAndGet();
            if (task.id().equals("bad")) {
                throw new BadInputException("UnsupportedFormat", "field format must be png, got gif");
            }
            return Map.of("ok", true);
        }), Duration.ofMinutes(1));
        workers.submit(job(partition, "bad", 4));
        workers.submit(job(partition, "good", 4));
        Map<String, Completion> done = awaitCompletions(2);
        assertEquals("UnsupportedFormat", header(done.get("bad"), DeadLetters.ERROR_CLASS));
        assertEquals("field format must be png, got gif", header(done.get("bad"), DeadLetters.ERROR_MESSAGE));
        assertEquals(2, calls.get(), "a bad input is not tried again");
        assertEquals("{\"id\":\"good\",\"processor\":\"test\",\"ok\":true}",
                new String(done.get("good").output().record().value(), StandardCharsets.UTF_8));
    }

    @Test
    void aProcessorThatThrowsIsTriedAgainThenTheTaskIsADeadLetterAndTheStageGoesOn() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        workers = workers(1, processor(task -> {
            int call = calls.computeIfAbsent(task.id(), id -> new AtomicInteger()).incrementAndGet();
            if (task.id().equals("always")) {
                throw new IllegalStateException("model not loaded");
            }
            if (task.id().equals("once") && call == 1) {
                throw new java.io.IOException("transient");
            }
            if (task.id().equals("assert")) {
                throw new AssertionError("a bug");
            }
            return Map.of("n", call);
        }), Duration.ofMinutes(1));
        for (String id : List.of("always", "once", "assert", "next")) {
            workers.submit(job(partition, id, 4));
        }
        Map<String, Completion> done = awaitCompletions(4);
        assertEquals("IllegalStateException", header(done.get("always"), DeadLetters.ERROR_CLASS));
        assertTrue(header(done.get("always"), DeadLetters.ERROR_MESSAGE).contains("model not loaded"));
        assertEquals(JobRunner.ATTEMPTS, calls.get("always").get());
        assertEquals("AssertionError", header(done.get("assert"), DeadLetters.ERROR_CLASS));
        assertFalse(done.get("once").output().deadLetter(), "a second attempt that succeeds is the result");
        assertTrue(new String(done.get("once").output().record().value(), StandardCharsets.UTF_8).contains("\"n\":2"));
        assertFalse(done.get("next").output().deadLetter());
    }

    @Test
    void aTaskOverTheTimeLimitIsADeadLetterAndItsThreadIsReplacedWithoutDelayingTheOthers() {
        CountDownLatch stuck = new CountDownLatch(1);
        workers = workers(1, processor(task -> {
            if (task.id().equals("endless")) {
                while (true) { // ignores interrupts, as a careless processor would
                    Thread.onSpinWait();
                    if (stuck.getCount() == 0) {
                        return Map.of("late", true);
                    }
                }
            }
            return Map.of("deadline", task.deadline().toString());
        }), Duration.ofMillis(300));
        long start = System.nanoTime();
        workers.submit(job(partition, "endless", 4));
        workers.submit(job(partition, "after", 4));
        Map<String, Completion> done = awaitCompletions(2);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        stuck.countDown();
        assertEquals(HashWorkers.TIMEOUT, header(done.get("endless"), DeadLetters.ERROR_CLASS));
        assertTrue(header(done.get("endless"), DeadLetters.ERROR_MESSAGE).contains("time limit of 300 ms"));
        assertFalse(done.get("after").output().deadLetter(), "the next task ran on the replacement thread");
        assertTrue(millis < 300 + 5_000, "the next task waited for the limit only: " + millis + " ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.outstanding() == 0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> workers.nextCompletion() == null);
    }

    @Test
    void anOutputOverTheRecordLimitIsADeadLetter() {
        workers = workers(1, processor(task -> Map.of("big", "x".repeat(Limits.DEFAULT_RECORD_MAX_BYTES))), Duration.ofMinutes(1));
        workers.submit(job(partition, "a", 4));
        Map<String, Completion> done = awaitCompletions(1);
        assertEquals(JobRunner.INVALID_OUTPUT, header(done.get("a"), DeadLetters.ERROR_CLASS));
        assertTrue(header(done.get("a"), DeadLetters.ERROR_MESSAGE).contains("record.max.bytes"));
    }

    @Test
    void runningOutOfMemoryIsHandedBackForEveryJobOfItsGroup() {
        OutOfMemoryError error = new OutOfMemoryError("test");
        workers = workers(1, new Recording((passwords, salts) -> {
            if (passwords.contains("b")) {
                throw error;
            }
            return Bcrypt.hashpw(passwords, salts);
        }), Duration.ofMinutes(1));
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

    private HashWorkers workers(int threads, Processor processor, Duration timeout) {
        return new HashWorkers(threads, "hasher-t", processor, "results", "tasks.dlq", Limits.DEFAULT_RECORD_MAX_BYTES, timeout,
                registry, dry::incrementAndGet);
    }

    /** One task at a time. */
    interface Body {
        Map<String, Object> apply(Task task) throws Exception;
    }

    private static Processor processor(Body body) {
        return new Processor() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public String description() {
                return "a test";
            }

            @Override
            public Map<String, Object> process(Task task) throws Exception {
                return body.apply(task);
            }
        };
    }

    /** bcrypt's output for each task (its id is the password) from {@code kernel}, recording each group and holding it until {@link #release}. */
    private final class Recording implements BatchingProcessor {
        private final Kernel kernel;

        Recording(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public String name() {
            return "bcrypt";
        }

        @Override
        public String description() {
            return "recording bcrypt";
        }

        @Override
        public int maxBatch() {
            return GROUP;
        }

        @Override
        public Object batchKey(Task task) {
            return task.input().get("difficulty");
        }

        @Override
        public Map<String, Object> process(Task task) {
            return processBatch(List.of(task)).get(0);
        }

        @Override
        public List<Map<String, Object>> processBatch(List<Task> tasks) {
            groups.add(tasks.stream().map(Task::id).toList());
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<String> salts = tasks.stream().map(t -> BCrypt.gensalt((Integer) t.input().get("difficulty"))).toList();
            List<String> hashes = kernel.hash(tasks.stream().map(Task::id).toList(), salts);
            List<Map<String, Object>> outputs = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                outputs.add(Map.of("hash", hashes.get(i), "difficulty", tasks.get(i).input().get("difficulty")));
            }
            return outputs;
        }
    }

    interface Kernel {
        List<String> hash(List<String> passwords, List<String> salts);
    }

    /** A job whose id is also its password. */
    private Job job(OffsetWindow<Output> window, String id, int cost) {
        long offset = ids.size();
        ids.put(offset, id);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("tasks", 0, offset, id.getBytes(StandardCharsets.UTF_8), new byte[0]);
        return new Job(window, record, new StageTask(id, Map.of("id", id, "password", id, "difficulty", cost), Map.of(), Instant.MAX), cost);
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

    /** The fields of a result the test checks. */
    record Hashed(String id, String hash, int difficulty) {
    }

    private static Hashed result(Completion completion) {
        try {
            return Json.fromBytes(completion.output().record().value(), Hashed.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(Completion completion, String name) {
        return new String(completion.output().record().headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
