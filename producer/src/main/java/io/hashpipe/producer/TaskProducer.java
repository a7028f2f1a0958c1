package io.hashpipe.producer;

import io.hashpipe.common.AbstractService;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.KafkaClientMeters;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.producer.internals.JsonLines;
import io.hashpipe.producer.internals.Pacer;
import io.hashpipe.producer.internals.Progress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage: makes tasks and sends them to the tasks topic with an idempotent producer (acks=all),
 * so that a retried send never lands twice.
 *
 * <p>A one-shot {@link io.hashpipe.common.Service}: {@link #start()} starts its thread, which checks that Kafka
 * answers and creates the topics (STARTING), sends (RUNNING), waits until each task is acknowledged and stops
 * on its own (STOPPED; FAILED with {@link TaskSendException} when sends failed). {@link #close(Duration)} from
 * another thread stops it early after the tasks already handed to the client are acknowledged. {@link #produce()}
 * is all that on the caller's thread. The generated tasks are held in memory (about 150 bytes each) so that the
 * caller can verify them ({@link #tasks()}); a producer of lines reports what it did in {@link #linesReport()}.
 */
public final class TaskProducer extends AbstractService {

    private static final Logger log = LoggerFactory.getLogger(TaskProducer.class);

    private final TaskProducerConfig config;
    private final MeterRegistry registry;
    private final Counter sentCounter;
    private final Pacer pacer;
    /** The JSON lines to send, or null to generate {@code producer.tasks} tasks. */
    private final Reader lines;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile Thread sender;
    private volatile List<Task> tasks = List.of();
    private volatile LinesReport linesReport;

    /** A producer of {@code producer.tasks} generated tasks; nothing is opened here. */
    public TaskProducer(TaskProducerConfig config, MeterRegistry registry) {
        this(config, registry, null);
    }

    /**
     * A producer of one task per JSON line of {@code lines} ({@link JsonLines}: ids from {@code --id-field} or
     * generated), skipping and counting bad lines. A task the client or the broker refuses as too large ({@code
     * max.request.size}, {@code message.max.bytes} below what {@code record.max.bytes} lets through) is a bad line
     * too: the lines after it are sent. It fails with an {@link UncheckedIOException} when {@code lines} cannot be
     * read. The caller closes {@code lines} once the producer stopped.
     */
    public TaskProducer(TaskProducerConfig config, MeterRegistry registry, Reader lines) {
        super("producer");
        this.lines = lines;
        this.config = config;
        this.registry = registry;
        this.sentCounter = Counter.builder(ProducerMeters.TASKS_SENT).description("Tasks acknowledged by the broker")
                .baseUnit(ProducerMeters.TASKS_SENT_UNIT).register(registry);
        this.pacer = new Pacer(config.rate());
    }

    /** Starts the sending thread. */
    @Override
    protected void startUp() {
        Thread thread = new Thread(this::sendAndStop, "hashpipe-producer");
        sender = thread;
        thread.start();
    }

    /** The sending thread: creates the topics if missing, sends, waits for every acknowledgement, stops. */
    private void sendAndStop() {
        try {
            String topic = ensureTopics();
            running();
            if (lines == null) {
                tasks = send(topic);
                failIfSendsFailed(topic, tasks.size());
            } else {
                linesReport = sendLines(topic);
            }
            finished();
        } catch (Throwable e) {
            failed(e);
        }
    }

    /**
     * Starts, waits until every task is acknowledged (or {@link #close(Duration)} stopped it early) and returns the
     * tasks sent, in the order they were made (none for a producer of lines). An interrupt stops it early too.
     *
     * @throws TaskSendException when sends failed after the client's retries
     */
    public List<Task> produce() {
        start();
        try {
            while (!awaitStopped(Duration.ofDays(1))) {
                // a day is no limit: until it stops
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
        }
        throwIfFailed();
        return tasks;
    }

    /** The tasks sent, in the order they were made, once stopped (none for a producer of lines, or before). */
    public List<Task> tasks() {
        return tasks;
    }

    /**
     * What a producer of lines did, once stopped.
     *
     * @throws IllegalStateException when this producer generates tasks, or has not finished
     */
    public LinesReport linesReport() {
        LinesReport report = linesReport;
        if (report == null) {
            throw new IllegalStateException(lines == null ? "This producer generates tasks: it has no lines report"
                    : "The producer has not finished sending its lines (" + state() + ")");
        }
        return report;
    }

    /**
     * What a producer of lines did.
     *
     * @param sent        tasks sent and acknowledged
     * @param skipped     bad lines, not sent
     * @param firstProblems the first few bad lines' numbers and reasons
     */
    public record LinesReport(long sent, long skipped, List<String> firstProblems) {
    }

    /** Bad lines reported one by one, in the log and the report; the rest are counted. */
    private static final int PROBLEMS_SHOWN = 20;

    /** Sends one task per good line of {@link #lines}, counting the bad ones. */
    private LinesReport sendLines(String topic) {
        JsonLines reader = new JsonLines(lines, config.idField(), config.getInt(CommonConfigs.RECORD_MAX_BYTES));
        BadLines bad = new BadLines();
        long sent = sendAll(topic, 0, () -> {
            for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.problem() == null) {
                    long number = line.number();
                    return new Outgoing(new ProducerRecord<>(topic, line.id(), line.value()), e -> bad.add("line " + number
                            + ": refused as too large (" + e.getMessage() + "): check max.request.size in --kafka-config and"
                            + " max.message.bytes of " + topic + " against " + CommonConfigs.RECORD_MAX_BYTES));
                }
                bad.add(line.problem());
            }
            return null;
        });
        failIfSendsFailed(topic, sent);
        return bad.report(acknowledged.get());
    }

    /** The bad lines of one run, reported from the reading thread and from the client's callbacks. */
    private static final class BadLines {
        private final List<String> shown = new ArrayList<>();
        private long count;

        synchronized void add(String problem) {
            if (++count <= PROBLEMS_SHOWN) {
                shown.add(problem);
                log.warn("Skipping a bad task: {}", problem);
            }
        }

        synchronized LinesReport report(long sent) {
            return new LinesReport(sent, count, List.copyOf(shown));
        }
    }

    private String ensureTopics() {
        String topic = config.getString(CommonConfigs.TASKS_TOPIC);
        // A missing broker fails in seconds, naming the address and the flag, not after a minute of retries.
        KafkaClients.requireReachable(config, KafkaClients.PROBE_TIMEOUT);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Topics.ensure(admin, config.getInt(CommonConfigs.PARTITIONS), topic, Topics.deadLetters(topic));
        }
        return topic;
    }

    private void failIfSendsFailed(String topic, long sent) {
        if (firstFailure.get() != null) {
            throw new TaskSendException("Could not send " + failed.get() + " of " + sent + " tasks to "
                    + topic + " after the Kafka client's retries (" + acknowledged.get() + " acknowledged): "
                    + firstFailure.get(), acknowledged.get(), firstFailure.get());
        }
    }

    /** The next record to send, or null at the end. */
    private interface Source {
        Outgoing next() throws IOException;
    }

    /**
     * A record to send, and what a refusal of it as too large means: null when it is a failed send like any
     * other (the run stops), else the record's own problem, told the refusal.
     */
    private record Outgoing(ProducerRecord<String, byte[]> record, Consumer<RecordTooLargeException> tooLarge) {
    }

    private List<Task> send(String topic) {
        int total = config.tasks();
        TaskFactory factory = new TaskFactory(config.difficulty());
        List<Task> sent = new ArrayList<>(total);
        sendAll(topic, total, () -> {
            if (sent.size() == total) {
                return null;
            }
            Task task = factory.next();
            sent.add(task);
            return new Outgoing(new ProducerRecord<>(topic, task.id(), Json.toBytes(task)), null);
        });
        return sent;
    }

    /** Sends what {@code source} gives, paced, until it ends, a send fails or {@link #close()}; returns how many were sent. */
    private long sendAll(String topic, long total, Source source) {
        Progress progress = new Progress(total, System.nanoTime());
        long count = 0;
        boolean interrupted = false;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config, "hashpipe-producer"),
                new StringSerializer(), new ByteArraySerializer());
             KafkaClientMeters clientMeters = new KafkaClientMeters(registry)) {
            clientMeters.bind(producer);
            Callback callback = (metadata, e) -> acknowledged(e);
            try {
                for (long i = 0; firstFailure.get() == null && pacer.awaitTurn(i); i++) {
                    Outgoing next = source.next();
                    if (next == null) {
                        break;
                    }
                    producer.send(next.record(), next.tooLarge() == null ? callback : (metadata, e) -> {
                        if (e instanceof RecordTooLargeException tooLarge) {
                            next.tooLarge().accept(tooLarge);
                        } else {
                            acknowledged(e);
                        }
                    });
                    count++;
                    logProgress(progress.next(acknowledged.get(), System.nanoTime()));
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (KafkaException e) {
                acknowledged(e);
            } catch (IOException e) {
                producer.flush();
                throw new UncheckedIOException("Cannot read the tasks (--from " + config.from() + "): " + e.getMessage(), e);
            }
            producer.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("{}{}", progress.last(acknowledged.get(), System.nanoTime()), pacer.stopped() ? " (stopped early)" : "");
        return count;
    }

    private void acknowledged(Exception e) {
        if (e == null) {
            acknowledged.incrementAndGet();
            sentCounter.increment();
        } else {
            failed.incrementAndGet();
            if (firstFailure.compareAndSet(null, e)) {
                log.error("A task could not be sent; stopping: {}", e.toString());
            }
        }
    }

    private static void logProgress(String line) {
        if (line != null) {
            log.info(line);
        }
    }


    /** How many tasks the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Stops sending early and waits (at most {@code timeout}) until the tasks already sent are acknowledged. */
    @Override
    protected void shutDown(Duration timeout) throws InterruptedException {
        pacer.stop();
        Thread thread = sender;
        if (thread != null && thread != Thread.currentThread()) {
            thread.join(Math.max(1, timeout.toMillis()));
        }
    }
}
