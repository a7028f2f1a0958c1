package io.hashpipe.hasher.internals;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What one task record produced: a result for the results topic or a dead letter for the tasks' DLQ.
 *
 * @param record     the record to send in the transaction that commits the task's offset
 * @param deadLetter true for a dead letter
 */
public record Output(ProducerRecord<byte[], byte[]> record, boolean deadLetter) {

    /** A result keyed by its task id. */
    public static Output result(String topic, Result result) {
        return new Output(new ProducerRecord<>(topic, null, result.id().getBytes(StandardCharsets.UTF_8),
                Json.toBytes(result)), false);
    }

    /** A result's JSON keyed by its task id. */
    public static Output result(String topic, String id, byte[] json) {
        return new Output(new ProducerRecord<>(topic, null, id.getBytes(StandardCharsets.UTF_8), json), false);
    }

    /** The original task record, bound for the dead-letter topic {@code topic} with the reason in its headers. */
    public static Output deadLetter(String topic, ConsumerRecord<byte[], byte[]> source, String errorClass, String message) {
        return new Output(DeadLetters.of(topic, source, errorClass, message, new RecordHeaders()), true);
    }
}
