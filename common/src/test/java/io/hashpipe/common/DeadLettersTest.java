package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static ConsumerRecord<byte[], byte[]> source(byte[] key, byte[] value) {
        return new ConsumerRecord<>("tasks", 3, 42, key, value);
    }

    private static ProducerRecord<byte[], byte[]> letter(ConsumerRecord<byte[], byte[]> source) {
        return DeadLetters.of("tasks.dlq", source, "MalformedJson", "not valid JSON", new RecordHeaders());
    }

    @Test
    void aDeadLetterKeepsTheBytesAndSaysWhyAndWhence() {
        ProducerRecord<byte[], byte[]> letter = letter(source(utf8("k"), utf8("junk")));
        assertEquals("tasks.dlq", letter.topic());
        assertArrayEquals(utf8("junk"), letter.value());
        assertEquals("MalformedJson", DeadLetters.header(letter.headers(), DeadLetters.ERROR_CLASS));
        assertEquals("not valid JSON", DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE));
        assertEquals("tasks", DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("3", DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("42", DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET));
        assertSame(letter, DeadLetters.fit(letter, DeadLetters.DEFAULT_MAX_BYTES), "a letter that fits is left alone");
    }

    @Test
    void aReasonLongerThanAHeaderMayBeIsCutOnACharacterBoundary() {
        String reason = "\u00e9".repeat(DeadLetters.MAX_HEADER_BYTES);
        ProducerRecord<byte[], byte[]> letter = DeadLetters.of("dlq", source(null, utf8("x")), "E", reason, new RecordHeaders());
        String kept = DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE);
        assertEquals(DeadLetters.MAX_HEADER_BYTES / 2, kept.length());
        assertTrue(kept.chars().allMatch(c -> c == '\u00e9'));
    }

    @Test
    void theSizeIsAnUpperBoundOfWhatTheProducerCounts() {
        ProducerRecord<byte[], byte[]> letter = letter(source(utf8("key"), new byte[5000]));
        int kafka = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                letter.key(), letter.value(), letter.headers().toArray());
        int ours = DeadLetters.sizeInBytes(letter);
        assertTrue(ours >= kafka && ours < kafka + 64, "ours " + ours + ", Kafka's " + kafka);
    }

    @Test
    void aLetterTooLargeKeepsItsHeadersAndThePrefixOfItsValue() {
        byte[] value = new byte[100_000];
        Arrays.fill(value, (byte) 'v');
        ConsumerRecord<byte[], byte[]> source = source(utf8("key"), value);
        source.headers().add("trace", utf8("abc"));
        ProducerRecord<byte[], byte[]> cut = DeadLetters.fit(letter(source), 10_000);

        assertTrue(DeadLetters.sizeInBytes(cut) <= 10_000, "fits: " + DeadLetters.sizeInBytes(cut));
        assertTrue(cut.value().length > 8_000, "keeps as much of the value as fits: " + cut.value().length);
        assertArrayEquals(Arrays.copyOf(value, cut.value().length), cut.value());
        assertArrayEquals(utf8("key"), cut.key());
        assertEquals("abc", DeadLetters.header(cut.headers(), "trace"));
        assertEquals("not valid JSON", DeadLetters.header(cut.headers(), DeadLetters.ERROR_MESSAGE));
        String truncated = DeadLetters.header(cut.headers(), DeadLetters.TRUNCATED);
        assertTrue(truncated.startsWith("value: kept the first " + cut.value().length + " of 100000 bytes"), truncated);
    }

    @Test
    void whenTheKeyAndTheSourcesHeadersAloneAreTooLargeTheyGoAndTheReasonStays() {
        ConsumerRecord<byte[], byte[]> source = source(new byte[50_000], utf8("v"));
        source.headers().add("big", new byte[50_000]);
        ProducerRecord<byte[], byte[]> cut = DeadLetters.fit(letter(source), 20_000);

        assertTrue(DeadLetters.sizeInBytes(cut) <= 20_000, "fits: " + DeadLetters.sizeInBytes(cut));
        assertNull(cut.key());
        assertNull(cut.headers().lastHeader("big"));
        assertArrayEquals(utf8("v"), cut.value(), "the value fits once the rest is gone");
        assertEquals("MalformedJson", DeadLetters.header(cut.headers(), DeadLetters.ERROR_CLASS));
        String truncated = DeadLetters.header(cut.headers(), DeadLetters.TRUNCATED);
        assertTrue(truncated.contains("key dropped (50000 bytes)") && truncated.contains("the source's headers dropped"), truncated);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
