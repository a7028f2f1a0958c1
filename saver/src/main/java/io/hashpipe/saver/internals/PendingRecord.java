package io.hashpipe.saver.internals;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumed result on its way to the database: the source record, its id and the JSON body to POST,
 * and how many attempts it has made.
 *
 * <p>{@link #attempts} and {@link #incarnation} are touched only on the dispatcher's event loop.
 */
public final class PendingRecord {

    private final ConsumerRecord<byte[], byte[]> source;
    private final TopicPartition partition;
    private final String id;
    private final byte[] body;
    /** Requests made for this record so far. */
    int attempts;
    /** The assignment of its partition it belongs to; stale after the partition is released. */
    long incarnation;

    public PendingRecord(ConsumerRecord<byte[], byte[]> source, String id, byte[] body) {
        this.source = source;
        this.partition = new TopicPartition(source.topic(), source.partition());
        this.id = id;
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

    /** The result as JSON, exactly what is POSTed. */
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
