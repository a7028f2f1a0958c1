package io.hashpipe.operations;

import io.hashpipe.common.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One dead letter as a person reads it: where it is, its key, why it was dead-lettered (the headers that
 * {@link DeadLetters} and the stages add) and how often it was redriven; and the record to send back.
 *
 * <p>Every {@code hashpipe.*} header of a dead letter is dead-letter bookkeeping (hashpipe's stages put no
 * other headers on their records), so the original headers are the others; {@link #REDRIVE_COUNT} travels
 * with the record and counts its trips back.
 */
public record DeadLetterView(int partition, long offset, String key, Map<String, String> reasons, int redrives) {

    /** Header: how many times the record was sent back from a dead-letter topic. */
    public static final String REDRIVE_COUNT = "hashpipe.redrive.count";
    /** Prefix of the headers a dead letter gets on top of its original's. */
    private static final String BOOKKEEPING = "hashpipe.";

    public static DeadLetterView of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(BOOKKEEPING) && !header.key().equals(REDRIVE_COUNT)) {
                reasons.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new DeadLetterView(record.partition(), record.offset(), key, reasons, redrives(record.headers()));
    }

    /** The error class (e.g. {@code Rejected}), or {@code ?} when the record was not written by a hashpipe stage. */
    public String errorClass() {
        return reasons.getOrDefault(DeadLetters.ERROR_CLASS, "?");
    }

    public String message() {
        return reasons.getOrDefault(DeadLetters.ERROR_MESSAGE, "");
    }

    /** {@code topic/partition@offset} the record was read from, or empty. */
    public String source() {
        String topic = reasons.get(DeadLetters.SOURCE_TOPIC);
        return topic == null ? "" : topic + "/" + reasons.get(DeadLetters.SOURCE_PARTITION) + "@" + reasons.get(DeadLetters.SOURCE_OFFSET);
    }

    /** The headers to send back: the original ones, and the redrive count one higher. */
    public static Headers redrivenHeaders(Headers deadLetter) {
        Headers headers = new RecordHeaders();
        for (Header header : deadLetter) {
            if (!header.key().startsWith(BOOKKEEPING)) {
                headers.add(header);
            }
        }
        headers.add(REDRIVE_COUNT, Integer.toString(redrives(deadLetter) + 1).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static int redrives(Headers headers) {
        String count = DeadLetters.header(headers, REDRIVE_COUNT);
        try {
            return count == null ? 0 : Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
