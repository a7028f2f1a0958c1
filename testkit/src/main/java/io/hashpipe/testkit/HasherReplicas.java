package io.hashpipe.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One replica test's setting: its topics and group ({@link ReplicaTopics}), a log directory of its own under
 * {@code target/replica-logs}, and the hasher processes it started ({@link HasherProcess}), all stopped by
 * {@link #close}.
 *
 * <p>Thread ownership: the test's thread.
 */
public final class HasherReplicas implements AutoCloseable {

    private final ReplicaTopics topics;
    private final Path logs;
    private final List<HasherProcess> processes = new ArrayList<>();

    /** Topics of {@code partitions} partitions on {@code bootstrap}, logs under {@code target/replica-logs/testName-...}. */
    public HasherReplicas(String bootstrap, int partitions, String testName) throws IOException {
        this.logs = Files.createDirectories(Path.of("target", "replica-logs", testName + "-" + UUID.randomUUID()));
        this.topics = new ReplicaTopics(bootstrap, partitions);
    }

    public ReplicaTopics topics() {
        return topics;
    }

    /** The test's log directory, for the children's logs and the files the test hands them. */
    public Path logs() {
        return logs;
    }

    /** Starts {@code hashpipe hasher} on these topics and this group with {@code more} flags, logging to {@code logName}.log. */
    public HasherProcess start(String logName, List<String> more) throws IOException {
        List<String> args = new ArrayList<>(topics.hasherArgs());
        args.addAll(more);
        HasherProcess process = HasherProcess.start(logName, logs, args);
        processes.add(process);
        return process;
    }

    /** Every process started, in the order started. */
    public List<HasherProcess> processes() {
        return processes;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            for (HasherProcess process : processes) {
                process.close();
            }
        } finally {
            topics.close();
        }
    }
}
