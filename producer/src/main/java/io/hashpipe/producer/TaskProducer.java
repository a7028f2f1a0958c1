package io.hashpipe.producer;

import io.hashpipe.common.AbstractService;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.producer.internals.BadLines;
import io.hashpipe.producer.internals.JsonLines;
import io.hashpipe.producer.internals.Pacer;
import io.hashpipe.producer.internals.TaskSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;

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

    private final TaskProducerConfig config;
    private final Pacer pacer;
    private final TaskSender sender;
    /** The JSON lines to send, or null to generate {@code producer.tasks} tasks. */
    private final Reader lines;
    private volatile Thread sending;
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
        this.pacer = new Pacer(config.rate());
        Counter sentCounter = Counter.builder(ProducerMeters.TASKS_SENT).description("Tasks acknowledged by the broker")
                .baseUnit(ProducerMeters.TASKS_SENT_UNIT).register(registry);
        this.sender = new TaskSender(() -> KafkaClients.producer(config, "hashpipe-producer"), registry, sentCounter, pacer);
    }

    /** Starts the sending thread. */
    @Override
    protected void startUp() {
        sending = startThread("hashpipe-producer", this::sendTasks, true); // a one-shot job: STOPPED once it returns
    }

    /** The sending thread: creates the topics if missing, sends, waits for every acknowledgement. */
    private void sendTasks() {
        try {
            String topic = ensureTopics();
            running();
            if (lines == null) {
                tasks = send(topic);
                failIfSendsFailed(topic, tasks.size());
            } else {
                linesReport = sendLines(topic);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tasks (--from " + config.from() + "): " + e.getMessage(), e);
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

        /**
         * The skipped lines as a user reads them, one per line after a header naming {@code command} and {@code
         * source}; empty when none was skipped.
         */
        public String skippedText(String command, String source) {
            if (skipped == 0) {
                return "";
            }
            StringBuilder text = new StringBuilder(String.format("%s: skipped %,d bad line(s) of %s, not sent:%n", command, skipped, source));
            firstProblems.forEach(problem -> text.append("  ").append(problem).append(System.lineSeparator()));
            if (skipped > firstProblems.size()) {
                text.append(String.format("  ... and %,d more%n", skipped - firstProblems.size()));
            }
            return text.toString();
        }
    }

    /** Sends one task per good line of {@link #lines}, counting the bad ones. */
    private LinesReport sendLines(String topic) throws IOException {
        JsonLines reader = new JsonLines(lines, config.idField(), config.getInt(CommonConfigs.RECORD_MAX_BYTES));
        BadLines bad = new BadLines();
        long sent = sender.sendAll(0, () -> {
            for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.problem() == null) {
                    long number = line.number();
                    return new TaskSender.Outgoing(new ProducerRecord<>(topic, line.id(), line.value()), e -> bad.add("line " + number
                            + ": refused as too large (" + e.getMessage() + "): check max.request.size in --kafka-config and"
                            + " max.message.bytes of " + topic + " against " + CommonConfigs.RECORD_MAX_BYTES));
                }
                bad.add(line.problem());
            }
            return null;
        });
        failIfSendsFailed(topic, sent);
        return new LinesReport(sender.acknowledged(), bad.count(), bad.shown());
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
        Exception failure = sender.firstFailure();
        if (failure != null) {
            throw new TaskSendException("Could not send " + sender.failed() + " of " + sent + " tasks to "
                    + topic + " after the Kafka client's retries (" + sender.acknowledged() + " acknowledged): "
                    + failure, sender.acknowledged(), failure);
        }
    }

    private List<Task> send(String topic) throws IOException {
        int total = config.tasks();
        TaskFactory factory = new TaskFactory(config.difficulty());
        List<Task> sent = new ArrayList<>(total);
        sender.sendAll(total, () -> {
            if (sent.size() == total) {
                return null;
            }
            Task task = factory.next();
            sent.add(task);
            return new TaskSender.Outgoing(new ProducerRecord<>(topic, task.id(), Json.toBytes(task)), null);
        });
        return sent;
    }

    /** How many tasks the broker has acknowledged so far. */
    public long acknowledged() {
        return sender.acknowledged();
    }

    /** Stops sending early and waits (at most {@code timeout}) until the tasks already sent are acknowledged. */
    @Override
    protected void shutDown(Duration timeout) throws InterruptedException {
        pacer.stop();
        Thread thread = sending;
        if (thread != null && thread != Thread.currentThread()) {
            thread.join(Math.max(1, timeout.toMillis()));
        }
    }
}
