package io.hashpipe.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, untouched, with headers that say why the
 * record was rejected and where it came from, so that it can be inspected and replayed.
 *
 * <p>A dead letter is the source record plus its reason, so it can be larger than a producer may send (a
 * source value of almost 1 MiB, which the broker accepted). {@link #fit} cuts such a letter to a size, keeping
 * the reason and saying what it cut in {@value #TRUNCATED}: no record is ever too large to dead-letter.
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
    /** Header, present only when the dead letter was cut to fit: what was cut, and the original sizes. */
    public static final String TRUNCATED = "hashpipe.truncated";

    /**
     * The size a dead letter starts from: Kafka's default {@code max.request.size}, just below the broker's
     * default {@code message.max.bytes} (1,048,588). A sender that is refused a letter as too large cuts it
     * further.
     */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    /** The least {@link #smallerAfterRefusal} cuts to: room for the reason headers, which always stay. */
    public static final int MIN_MAX_BYTES = 16 * 1024;
    /** Longest reason header, in bytes; a longer text is cut (an API may answer a megabyte of error). */
    public static final int MAX_HEADER_BYTES = 4096;

    /** Kafka's record batch header and the most a record's own framing takes (format v2). */
    private static final int RECORD_OVERHEAD = 61 + 21;
    /** The most a header's two length varints take. */
    private static final int HEADER_OVERHEAD = 10;
    /** Room kept for the {@value #TRUNCATED} header itself. */
    private static final int TRUNCATED_RESERVE = 512;

    private DeadLetters() {
    }

    /**
     * A dead letter for {@code source}, bound for {@code topic} (a stage's {@code dead.letters.topic}, by default
     * {@link Topics#deadLetters(String)} of the topic it reads). Reason texts longer than
     * {@value #MAX_HEADER_BYTES} bytes are cut.
     *
     * @param errorClass a short name of the failure, e.g. {@code InvalidTask}
     * @param message    the reason, naming the bad field and the rule
     * @param extra      more headers (e.g. the saver's HTTP status and attempt count); may be empty
     */
    public static ProducerRecord<byte[], byte[]> of(String topic, ConsumerRecord<byte[], byte[]> source, String errorClass,
                                                    String message, Headers extra) {
        Headers headers = new RecordHeaders();
        source.headers().forEach(headers::add);
        headers.add(ERROR_CLASS, text(errorClass));
        headers.add(ERROR_MESSAGE, text(message == null ? "" : message));
        headers.add(SOURCE_TOPIC, text(source.topic()));
        headers.add(SOURCE_PARTITION, text(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET, text(Long.toString(source.offset())));
        extra.forEach(header -> headers.add(header.key(), cut(header.value())));
        return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    }

    /**
     * {@code letter} cut to at most {@code maxBytes} as Kafka counts a record against {@code max.request.size}
     * ({@link #sizeInBytes}): the value keeps its first bytes; when the key and the source's own headers
     * alone leave no room, they go too. The hashpipe headers (the reason, the source) always stay, and
     * {@value #TRUNCATED} says what was cut. A letter that fits is returned as it is.
     */
    public static ProducerRecord<byte[], byte[]> fit(ProducerRecord<byte[], byte[]> letter, int maxBytes) {
        int size = sizeInBytes(letter);
        if (size <= maxBytes) {
            return letter;
        }
        byte[] key = letter.key();
        byte[] value = letter.value();
        int valueBytes = value == null ? 0 : value.length;
        Headers headers = new RecordHeaders(letter.headers().toArray());
        List<String> cut = new ArrayList<>();
        int room = maxBytes - (size - valueBytes) - TRUNCATED_RESERVE;
        if (room < 0) {
            headers = ownHeaders(letter.headers());
            if (key != null) {
                cut.add("key dropped (" + key.length + " bytes)");
                key = null;
            }
            cut.add("the source's headers dropped (" + letter.headers().toArray().length + " headers)");
            room = maxBytes - sizeInBytes(null, null, headers) - TRUNCATED_RESERVE;
        }
        byte[] kept = value == null ? null : Arrays.copyOf(value, Math.max(0, Math.min(room, valueBytes)));
        if (value != null) {
            cut.add(0, "value: kept the first " + kept.length + " of " + valueBytes + " bytes");
        }
        headers.add(TRUNCATED, text(String.join("; ", cut) + " (the whole dead letter, " + size
                + " bytes, is larger than the " + maxBytes + " a record may be)"));
        return new ProducerRecord<>(letter.topic(), letter.partition(), letter.timestamp(), key, kept, headers);
    }

    /**
     * The size to cut dead letters to after one of {@code refusedBytes} ({@link #sizeInBytes}) was refused as
     * too large (a {@code max.request.size} or a topic's {@code max.message.bytes} below the defaults): half
     * of it, so that retries converge on what fits; -1 when it is already as small as it gets.
     */
    public static int smallerAfterRefusal(int currentMaxBytes, int refusedBytes) {
        if (refusedBytes <= MIN_MAX_BYTES) {
            return -1;
        }
        return Math.min(currentMaxBytes, Math.max(MIN_MAX_BYTES, refusedBytes / 2));
    }

    /**
     * An upper bound of the bytes {@code record} takes in a batch of its own, as a producer counts it against
     * {@code max.request.size} and a broker against {@code message.max.bytes}.
     */
    public static int sizeInBytes(ProducerRecord<byte[], byte[]> record) {
        return sizeInBytes(record.key(), record.value(), record.headers());
    }

    /** The value of header {@code name} as text, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int sizeInBytes(byte[] key, byte[] value, Headers headers) {
        long size = RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length) + 5;
        for (Header header : headers) {
            size += HEADER_OVERHEAD + header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** The hashpipe headers of a letter that are no longer than a reason may be. */
    private static Headers ownHeaders(Headers all) {
        Headers own = new RecordHeaders();
        for (Header header : all) {
            if (header.key().startsWith("hashpipe.") && (header.value() == null || header.value().length <= MAX_HEADER_BYTES)) {
                own.add(header);
            }
        }
        return own;
    }

    private static byte[] text(String s) {
        return cut(s.getBytes(StandardCharsets.UTF_8));
    }

    /** At most {@value #MAX_HEADER_BYTES} bytes, cut before a UTF-8 continuation byte so that text stays text. */
    private static byte[] cut(byte[] bytes) {
        if (bytes == null || bytes.length <= MAX_HEADER_BYTES) {
            return bytes;
        }
        int end = MAX_HEADER_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
