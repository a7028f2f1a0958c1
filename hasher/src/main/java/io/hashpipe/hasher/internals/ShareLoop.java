package io.hashpipe.hasher.internals;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.offsets.OffsetWindow;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share-group member's loop: polls tasks from a share consumer in explicit acknowledgement mode, hands
 * them to the same workers as the consumer-group hasher, sends each result (or dead letter) with an
 * idempotent producer, and acknowledges each task only once the broker has acknowledged what it produced:
 * {@code ACCEPT} after its result, {@code REJECT} after its dead letter. Nothing is lost if it dies at any
 * point: a task not yet acknowledged is delivered again after its acquisition lock runs out.
 *
 * <p>Kafka's explicit mode refuses a poll while a record of the previous poll is not acknowledged, so the
 * loop polls only when everything it holds is acknowledged or renewed: one poll's tasks are a batch, and
 * {@code max.poll.records} sizes it. While a batch hashes, the records still held get a {@code RENEW} at
 * half the acquisition lock's duration ({@link ConsumerRecords} of the next poll then hand them back, and
 * no new ones), so a long task keeps its lock. A lock starts when the broker acquires the record, which can
 * be long before a poll hands it over (the consumer fetches the next batch while this one hashes), so the
 * loop counts it from the start of the poll before. A send the broker fails (it is down, a timeout) is sent
 * again after a back-off, never rejected: an outage is not a bad task. On shutdown what is finished is
 * acknowledged, renewed records once they are back, and what is not finished is {@code RELEASE}d for another
 * member.
 *
 * <p>One thread (the caller of {@link #run}) uses the consumer; producer callbacks only queue their outcome.
 */
public final class ShareLoop {

    private static final Logger log = LoggerFactory.getLogger(ShareLoop.class);
    private static final long MAX_POLL_MILLIS = 100;
    /** The longest wait for a worker or a producer callback between two checks. */
    private static final long WAIT_MILLIS = 5;
    /** Kafka's default acquisition lock, until the first fetch says what the group's is. */
    private static final int DEFAULT_LOCK_MILLIS = 30_000;
    private static final long SEND_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_SEND_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /** How many finished tasks' verdicts the loop remembers (a few dozen bytes each). */
    private static final int FINISHED_REMEMBERED = 10_000;
    /** Tasks per poll and hashing thread: a batch is acknowledged before the next poll, so it is a few groups deep. */
    private static final int RECORDS_PER_THREAD = 4 * Bcrypt.LANES;

    private final ShareConsumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final HashWorkers workers;
    private final TaskDecoder decoder;
    private final Counter hashes;
    private final Counter deadLetters;
    /** Released by workers and producer callbacks, so that the loop does not sleep past their news. */
    private final Semaphore news;
    /** A window per partition only as the owner its jobs name: a share group acknowledges each record, no offset is committed. */
    private final Map<TopicPartition, OffsetWindow<Output>> partitions = new HashMap<>();
    /** Records taken from the group and not acknowledged yet. */
    private final Map<HeldTask.Key, HeldTask> held = new HashMap<>();
    /**
     * The verdicts of the tasks last finished here, by where their records are: a delivery of one of them again
     * (its acknowledgement lost, or a lock that ran out in the consumer's buffer) gets the same verdict at once,
     * since its result or dead letter is on the broker already, instead of a second hash.
     */
    private final Map<HeldTask.Key, AcknowledgeType> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<HeldTask.Key, AcknowledgeType> eldest) {
            return size() > FINISHED_REMEMBERED;
        }
    };
    /** Outcomes of sends, queued by producer callbacks for the loop. */
    private final Queue<SendOutcome> outcomes = new ConcurrentLinkedQueue<>();
    /** When the locks of the tasks held were last renewed, or (for a batch not renewed yet) started at the earliest. */
    private long lastRenewNanos = System.nanoTime();
    /**
     * The start of the last poll made while the loop held nothing. The share consumer fetches in the background,
     * so a later poll may hand over records it acquired while this loop still hashed the batch before; they came
     * into its buffer after that poll (which took all the buffer had), so their locks started no earlier.
     */
    private long drainedSinceNanos = System.nanoTime();
    /** Set once the loop stops: what a poll still hands out is released, not hashed. */
    private boolean closing;
    /** The most a dead letter may take now; halved each time one was refused as too large. */
    private int deadLetterMaxBytes = DeadLetters.DEFAULT_MAX_BYTES;

    /**
     * @param news released by the workers (their {@code onDry}) and by this loop's producer callbacks; the
     *             loop waits on it between checks
     */
    public ShareLoop(ShareConsumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, HashWorkers workers,
                     TaskDecoder decoder, MeterRegistry registry, Semaphore news) {
        this.consumer = consumer;
        this.producer = producer;
        this.workers = workers;
        this.decoder = decoder;
        this.news = news;
        this.hashes = Counter.builder(HasherMeters.HASHES).description("Results acknowledged by the broker").register(registry);
        this.deadLetters = Counter.builder(HasherMeters.DEAD_LETTERS).description("Bad tasks acknowledged on the dead-letter topic")
                .register(registry);
        consumer.setAcknowledgementCommitCallback((offsets, exception) -> {
            if (exception != null) {
                // Typically the lock ran out (InvalidRecordStateException): the task went to another member, whose
                // result the saver's idempotent store answers stored:false.
                log.warn("The broker refused acknowledgements of {} ({}); those tasks are delivered again", offsets, exception.toString());
            }
        });
    }

    /**
     * The share consumer's {@code max.poll.records} for {@code threads} hashing threads: {@value #RECORDS_PER_THREAD}
     * tasks each. The loop polls again only once a poll's tasks are all acknowledged, so that is the batch the
     * workers share.
     */
    public static int recordsPerPoll(int threads) {
        return Math.max(1, threads * RECORDS_PER_THREAD);
    }

    /** Polls, hashes, sends and acknowledges until {@code stopping} says so, then releases what is unfinished. */
    public void run(BooleanSupplier stopping) {
        while (!stopping.getAsBoolean()) {
            step();
        }
        shutdown();
    }

    private void step() {
        collect();
        applyOutcomes();
        retrySends();
        acknowledgeFinished();
        renewIfDue();
        if (held.isEmpty()) {
            long start = System.nanoTime();
            poll(MAX_POLL_MILLIS);
            if (!held.isEmpty()) {
                lastRenewNanos = drainedSinceNanos; // the new batch's locks may have started that early
            }
            drainedSinceNanos = start;
        } else if (held.values().stream().noneMatch(HeldTask::inFlight)) {
            poll(WAIT_MILLIS);
        } else {
            try {
                news.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                news.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while hashing", e);
            }
        }
    }

    private void poll(long millis) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(millis));
        } catch (WakeupException e) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            HeldTask.Key key = HeldTask.Key.of(record);
            HeldTask task = held.get(key);
            AcknowledgeType verdict = finished.get(key);
            if (task == null && verdict != null) {
                log.info("Task at {}@{} delivered again (delivery {}) after its output was sent: acknowledged {} again, not hashed again",
                        key.partition(), record.offset(), record.deliveryCount().orElse((short) 0), verdict);
                consumer.acknowledge(record, verdict);
                consumer.commitAsync(); // sent at once, so that another delivery of the offset in this poll gets its own
            } else if (task != null) {
                if (task.delivered(record)) { // else back from its renewal
                    log.info("Task at {}@{} delivered again while held here (delivery {}): a lock of it ran out in the consumer's buffer",
                            key.partition(), record.offset(), record.deliveryCount().orElse((short) 0));
                }
            } else if (closing) {
                consumer.acknowledge(record, AcknowledgeType.RELEASE); // not hashed here: to another member
            } else {
                admit(record);
            }
        }
    }

    private void admit(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        OffsetWindow<Output> window = partitions.computeIfAbsent(partition, OffsetWindow::new);
        HeldTask task = new HeldTask(record);
        held.put(task.key(), task);
        record.deliveryCount().filter(count -> count > 1).ifPresent(count ->
                log.info("Task at {}@{} delivered again (delivery {}): a member took it and did not acknowledge it", partition, record.offset(), count));
        try {
            TaskDecoder.Decoded decoded = decoder.decode(record.value(), record.headers());
            workers.submit(new Job(window, record, decoded.task(), decoded.batchKey()));
        } catch (InvalidTaskException e) {
            log.warn("Bad task at {}@{}, sending it to the dead letters: {}", partition, record.offset(), e.getMessage());
            send(task, workers.deadLetter(record, e.errorClass(), e.getMessage()));
        }
    }

    /** Sends the workers' outputs as they come. */
    private void collect() {
        for (Completion done = workers.nextCompletion(); done != null; done = workers.nextCompletion()) {
            if (done.failure() != null) {
                throw new IllegalStateException("A hash worker failed: " + done.failure(), done.failure());
            }
            HeldTask task = held.get(new HeldTask.Key(done.window().partition(), done.offset()));
            if (task != null) {
                send(task, done.output());
            }
        }
    }

    private void send(HeldTask task, Output output) {
        task.sending(output);
        ProducerRecord<byte[], byte[]> record = output.deadLetter() ? DeadLetters.fit(output.record(), deadLetterMaxBytes) : output.record();
        producer.send(record, (metadata, exception) -> {
            outcomes.add(new SendOutcome(task, exception));
            news.release();
        });
    }

    /** Turns the broker's answers to sends into verdicts, or into sends again later. */
    private void applyOutcomes() {
        for (SendOutcome outcome = outcomes.poll(); outcome != null; outcome = outcomes.poll()) {
            HeldTask task = outcome.task();
            Exception e = outcome.exception();
            if (e == null) {
                boolean dead = task.output().deadLetter();
                (dead ? deadLetters : hashes).increment();
                task.verdict(dead ? AcknowledgeType.REJECT : AcknowledgeType.ACCEPT);
                continue;
            }
            if (e instanceof AuthorizationException) {
                throw (AuthorizationException) e;
            }
            if (e instanceof RecordTooLargeException && task.output().deadLetter()) {
                int smaller = DeadLetters.smallerAfterRefusal(deadLetterMaxBytes,
                        DeadLetters.sizeInBytes(DeadLetters.fit(task.output().record(), deadLetterMaxBytes)));
                if (smaller > 0) {
                    deadLetterMaxBytes = smaller;
                }
            }
            long backoff = Math.min(MAX_SEND_BACKOFF_NANOS, SEND_BACKOFF_NANOS << Math.min(task.failures(), 16));
            task.failed(System.nanoTime() + backoff);
            log.warn("Sending the output of the task at {}@{} failed ({}); sending it again in {} ms, the task still held",
                    task.key().partition(), task.key().offset(), e.toString(), TimeUnit.NANOSECONDS.toMillis(backoff));
        }
    }

    private void retrySends() {
        long now = System.nanoTime();
        for (HeldTask task : held.values()) {
            if (task.retryDue(now)) {
                send(task, task.output());
            }
        }
    }

    /**
     * Acknowledges the deliveries in flight of every task with a verdict, and lets go of those with no renewal on
     * the wire; sends the acknowledgements at once.
     */
    private void acknowledgeFinished() {
        boolean acknowledged = false;
        for (Iterator<HeldTask> tasks = held.values().iterator(); tasks.hasNext(); ) {
            HeldTask task = tasks.next();
            if (task.verdict() == null) {
                continue;
            }
            acknowledged |= acknowledge(task, task.verdict()) > 0;
            if (!task.renewing()) {
                tasks.remove();
                finished.put(task.key(), task.verdict());
            }
        }
        if (acknowledged) {
            consumer.commitAsync();
        }
    }

    /** Acknowledges each delivery of {@code task} in flight as {@code type}; returns how many there were. */
    private int acknowledge(HeldTask task, AcknowledgeType type) {
        List<ConsumerRecord<byte[], byte[]>> deliveries = task.takeInFlight();
        for (int i = 0; i < deliveries.size(); i++) {
            if (i > 0) {
                // Until its acknowledgements are sent, the consumer takes an offset's acknowledgement for the first
                // delivery of it that it holds: sending them lets this one reach the next delivery.
                consumer.commitAsync();
            }
            consumer.acknowledge(deliveries.get(i), type);
        }
        return deliveries.size();
    }

    /**
     * At half the acquisition lock's duration since the locks started (at the earliest: see
     * {@link #drainedSinceNanos}) or were last renewed, renews the lock of every task still held.
     */
    private void renewIfDue() {
        if (held.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long lockMillis = consumer.acquisitionLockTimeoutMs().orElse(DEFAULT_LOCK_MILLIS);
        if (now - lastRenewNanos < TimeUnit.MILLISECONDS.toNanos(lockMillis / 2)) {
            return;
        }
        // A renewal the broker refused (the lock had run out) never brings its record back: another member has
        // the task now, and this one forgets it (unless a delivery of it is in flight here still).
        long lockNanos = TimeUnit.MILLISECONDS.toNanos(lockMillis);
        held.values().stream().filter(task -> task.renewalLost(now, lockNanos)).forEach(HeldTask::forgetRenewals);
        held.values().removeIf(task -> !task.inFlight() && !task.renewing());
        int renewed = 0;
        for (HeldTask task : held.values()) {
            int deliveries = acknowledge(task, AcknowledgeType.RENEW);
            if (deliveries > 0) { // a task whose renewal is still on the wire keeps its clock, so that it can count as lost
                task.renewing(deliveries, now);
                renewed++;
            }
        }
        lastRenewNanos = now;
        log.debug("Renewed the locks of {} tasks still hashing or sending", renewed);
    }

    /**
     * Lets running hashes finish briefly, sends and acknowledges what is done, and releases the rest so that
     * another member takes it at once rather than after the lock runs out. A task whose renewal is on the wire
     * can be acknowledged only once its record is in flight again, so the loop polls for it (a poll while
     * renewals are pending hands back renewed records and nothing new) for at most {@link #CLOSE_GRACE}: left
     * out, a task whose result was sent during its renewal stayed unacknowledged, the close released it, and it
     * was hashed again.
     */
    private void shutdown() {
        closing = true;
        workers.shutdown(CLOSE_GRACE);
        collect();
        producer.flush();
        applyOutcomes();
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        int released = settle();
        while (!held.isEmpty() && System.nanoTime() - deadline < 0) {
            poll(WAIT_MILLIS);
            released += settle();
        }
        if (!held.isEmpty()) {
            log.warn("The renewals of {} tasks did not come back within {} s; the broker hands them out again when their locks run out",
                    held.size(), CLOSE_GRACE.toSeconds());
            held.clear();
        }
        try {
            consumer.commitSync(CLOSE_GRACE);
        } catch (WakeupException e) {
            // close() woke the consumer while it was not polling; the wake-up is spent, so commit again
            consumer.commitSync(CLOSE_GRACE);
        }
        if (released > 0) {
            log.info("Released {} unfinished tasks to the other members", released);
        }
    }

    /**
     * Acknowledges the deliveries in flight of every held task, with its verdict or RELEASE when it has none, and
     * lets go of those with no renewal on the wire; returns how many tasks were released.
     */
    private int settle() {
        int released = 0;
        for (Iterator<HeldTask> tasks = held.values().iterator(); tasks.hasNext(); ) {
            HeldTask task = tasks.next();
            if (acknowledge(task, task.verdict() != null ? task.verdict() : AcknowledgeType.RELEASE) > 0 && task.verdict() == null) {
                released++;
            }
            if (!task.renewing()) {
                tasks.remove();
            }
        }
        return released;
    }

    /** What the broker answered to one send. */
    private record SendOutcome(HeldTask task, Exception exception) {
    }
}
