package io.hashpipe.hasher.internals;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A task a share-group member holds: acquired from the group and not acknowledged yet. It is hashing, or
 * its output is being sent, or it has its verdict and waits for its record to be in flight again (after a
 * renewal) to be acknowledged. The loop's thread alone uses it.
 */
final class HeldTask {

    /** Where a record is: a share group acquires each offset of a partition once at a time. */
    record Key(TopicPartition partition, long offset) {
        static Key of(ConsumerRecord<?, ?> record) {
            return new Key(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    private final Key key;
    /** The record as last delivered (a renewal delivers it again). */
    private ConsumerRecord<byte[], byte[]> record;
    /** What the task produced, once it did; kept to send again after a failed send. */
    private Output output;
    /** ACCEPT or REJECT once the broker acknowledged the output; null before. */
    private AcknowledgeType verdict;
    /** A RENEW was acknowledged and the record is not delivered again yet: it cannot be acknowledged now. */
    private boolean renewing;
    /** When the last RENEW was acknowledged. */
    private long renewedAtNanos;
    private int failures;
    /** When a failed send goes again; 0 when none is due. */
    private long retryAtNanos;

    HeldTask(ConsumerRecord<byte[], byte[]> record) {
        this.key = Key.of(record);
        this.record = record;
    }

    Key key() {
        return key;
    }

    ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    Output output() {
        return output;
    }

    AcknowledgeType verdict() {
        return verdict;
    }

    boolean renewing() {
        return renewing;
    }

    int failures() {
        return failures;
    }

    /** A RENEW was acknowledged at {@code now}. */
    void renewing(long now) {
        renewing = true;
        renewedAtNanos = now;
    }

    /** Whether a RENEW has waited longer than {@code nanos} at {@code now} for the record to come back. */
    boolean renewalLost(long now, long nanos) {
        return renewing && now - renewedAtNanos > nanos;
    }

    /** The record came back after its renewal. */
    void renewed(ConsumerRecord<byte[], byte[]> again) {
        record = again;
        renewing = false;
    }

    void sending(Output produced) {
        output = produced;
        retryAtNanos = 0;
    }

    void failed(long retryAt) {
        failures++;
        retryAtNanos = retryAt == 0 ? 1 : retryAt;
    }

    /** Whether a failed send is due to go again at {@code now}. */
    boolean retryDue(long now) {
        return retryAtNanos != 0 && verdict == null && now - retryAtNanos >= 0;
    }

    void verdict(AcknowledgeType type) {
        verdict = type;
        retryAtNanos = 0;
    }
}
