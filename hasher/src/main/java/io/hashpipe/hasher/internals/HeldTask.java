package io.hashpipe.hasher.internals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A task a share-group member holds: acquired from the group and not acknowledged yet. It is hashing, or
 * its output is being sent, or it has its verdict and waits for its record to be in flight again (after a
 * renewal) to be acknowledged. The loop's thread alone uses it.
 *
 * <p>Its record is usually in flight once. It can be twice: the consumer fetches ahead, so a delivery whose
 * lock ran out in the consumer's buffer and the broker's next delivery of the same offset can both be handed
 * over. Kafka's explicit mode wants every delivery handed over acknowledged, so the task keeps each one, and
 * each acknowledgement goes to all of them (the broker applies the first to its one acquisition).
 */
final class HeldTask {

    /** Where a record is: a share group acquires each offset of a partition once at a time. */
    record Key(TopicPartition partition, long offset) {
        static Key of(ConsumerRecord<?, ?> record) {
            return new Key(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    private final Key key;
    /** The record as first delivered: what the workers hash and a dead letter carries. */
    private final ConsumerRecord<byte[], byte[]> record;
    /** The highest delivery count handed over. */
    private short delivery;
    /** The deliveries handed over and not acknowledged since (a renewal hands a delivery over again). */
    private final List<ConsumerRecord<byte[], byte[]>> inFlight = new ArrayList<>();
    /** What the task produced, once it did; kept to send again after a failed send. */
    private Output output;
    /** ACCEPT or REJECT once the broker acknowledged the output; null before. */
    private AcknowledgeType verdict;
    /** Deliveries acknowledged with RENEW and not handed over again yet: they cannot be acknowledged now. */
    private int renewing;
    /** When the last RENEW was acknowledged. */
    private long renewedAtNanos;
    private int failures;
    /** When a failed send goes again; 0 when none is due. */
    private long retryAtNanos;

    HeldTask(ConsumerRecord<byte[], byte[]> record) {
        this.key = Key.of(record);
        this.record = record;
        this.delivery = record.deliveryCount().orElse((short) 1);
        inFlight.add(record);
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

    /** Whether a delivery of the task is in flight: handed over and not acknowledged. */
    boolean inFlight() {
        return !inFlight.isEmpty();
    }

    /** Whether a RENEW is on the wire: the task is finished only once its deliveries are back and acknowledged. */
    boolean renewing() {
        return renewing > 0;
    }

    int failures() {
        return failures;
    }

    /** The deliveries in flight, now to be acknowledged; none is in flight after. */
    List<ConsumerRecord<byte[], byte[]>> takeInFlight() {
        List<ConsumerRecord<byte[], byte[]>> taken = List.copyOf(inFlight);
        inFlight.clear();
        return taken;
    }

    /** {@code count} deliveries were acknowledged with RENEW at {@code now}. */
    void renewing(int count, long now) {
        renewing += count;
        renewedAtNanos = now;
    }

    /** Whether a RENEW has waited longer than {@code nanos} at {@code now} for its record to come back. */
    boolean renewalLost(long now, long nanos) {
        return renewing > 0 && now - renewedAtNanos > nanos;
    }

    /** Gives up on the renewals on the wire: the broker refused them, so their records never come back. */
    void forgetRenewals() {
        renewing = 0;
    }

    /**
     * A poll handed over a delivery of the task's record: back from a renewal, or delivered again.
     *
     * @return whether it is a delivery not seen before (the broker gave the record out again)
     */
    boolean delivered(ConsumerRecord<byte[], byte[]> again) {
        if (renewing > 0) {
            renewing--;
        }
        inFlight.add(again);
        short count = again.deliveryCount().orElse((short) 1);
        if (count <= delivery) {
            return false;
        }
        delivery = count;
        return true;
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
