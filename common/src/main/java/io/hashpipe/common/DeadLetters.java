package io.hashpipe.common;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, untouched, with headers that say why the
 * record was rejected and where it came from, so that it can be inspected and replayed.
 */
public final class DeadLetters {

    /** Header: simple name of the error's class (or a short error code). */
    public static final String ERROR_CLASS = "hashpipe.error.class";
    /** Header: human-readable reason. */
    public static final String ERROR_MESSAGE = "hashpipe.error.message";
    /** Header: the topic the record was read from. */
    public static final String SOURCE_TOPIC = "hashpipe.source.topic";
    /** Header: the partition the record was read from. */
    public static final String SOURCE_PARTITION = "hashpipe.source.partition";
    /** Header: the offset the record was read at. */
    public static final String SOURCE_OFFSET = "hashpipe.source.offset";

    private DeadLetters() {
    }

    /**
     * A dead letter for {@code source}, bound for {@code topic} (a stage's {@code dead.letters.topic}, by default
     * {@link Topics#deadLetters(String)} of the topic it reads).
     *
     * @param errorClass a short name of the failure, e.g. {@code InvalidTask}
     * @param message    the reason, naming the bad field and the rule
     * @param extra      more headers (e.g. the saver's HTTP status and attempt count); may be empty
     */
    public static ProducerRecord<byte[], byte[]> of(String topic, ConsumerRecord<byte[], byte[]> source, String errorClass,
                                                    String message, Headers extra) {
        Headers headers = new RecordHeaders();
        source.headers().forEach(headers::add);
        headers.add(ERROR_CLASS, utf8(errorClass));
        headers.add(ERROR_MESSAGE, utf8(message == null ? "" : message));
        headers.add(SOURCE_TOPIC, utf8(source.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        extra.forEach(headers::add);
        return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    }

    /** The value of header {@code name} as text, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
