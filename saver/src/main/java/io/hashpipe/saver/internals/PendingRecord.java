package io.hashpipe.saver.internals;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumed result on its way to the database: the source record, its id, its hash and the JSON body to
 * POST, and what its requests have made of it so far.
 *
 * <p>The mutable fields are touched only on the dispatcher's event loop.
 */
public final class PendingRecord {

    private final ConsumerRecord<byte[], byte[]> source;
    private final TopicPartition partition;
    private final String id;
    private final String hash;
    private final byte[] body;
    /** Requests made for this record so far. */
    int attempts;
    /** Failures that were its own (the API took other records meanwhile): these use up --max-attempts. */
    int strikes;
    /** {@link System#nanoTime()} when its last request was sent. */
    long sentNanos;
    /** The last failure's outcome, for the dead letter if it is given up. */
    Outcome lastFailure;
    /** The assignment of its partition it belongs to; stale after the partition is released. */
    long incarnation;

    public PendingRecord(ConsumerRecord<byte[], byte[]> source, String id, String hash, byte[] body) {
        this.source = source;
        this.partition = new TopicPartition(source.topic(), source.partition());
        this.id = id;
        this.hash = hash;
        this.body = body;
    }

    public ConsumerRecord<byte[], byte[]> source() {
        return source;
    }

    public TopicPartition partition() {
        return partition;
    }

    public long offset() {
        return source.offset();
    }

    /** The task id, the API's idempotency key. */
    public String id() {
        return id;
    }

    /** The bare hash, the body in {@code --db-body hash} mode. */
    public String hash() {
        return hash;
    }

    /** The result as JSON, exactly what is POSTed in {@code --db-body json} mode. */
    public byte[] body() {
        return body;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "result " + id + " at " + partition + "@" + source.offset();
    }
}
