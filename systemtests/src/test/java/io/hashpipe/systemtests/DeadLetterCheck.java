package io.hashpipe.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.saver.Saver;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a dead-letter topic must hold after the corpus: each bad record once, with its reason. */
final class DeadLetterCheck {

    private DeadLetterCheck() {
    }

    /**
     * Asserts that {@code letters} are the dead letters of exactly {@code bad}, one each, read from {@code source},
     * each with its reason and its bytes (or, when the record was too large, a prefix and the word that it was
     * cut), and returns them by key.
     */
    static Map<String, ConsumerRecord<byte[], byte[]>> assertExactly(List<BadRecord> bad, List<ConsumerRecord<byte[], byte[]>> letters,
                                                                     String source) {
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = letters.stream()
                .collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8), Function.identity()));
        assertEquals(letters.size(), byKey.size(), "one dead letter per record");
        assertEquals(new TreeSet<>(bad.stream().map(BadRecord::key).toList()), new TreeSet<>(byKey.keySet()), "the bad records and no other");
        assertTrue(bad.size() >= 100, "a corpus of " + bad.size());
        for (BadRecord record : bad) {
            ConsumerRecord<byte[], byte[]> letter = byKey.get(record.key());
            String reason = DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE);
            String apiError = DeadLetters.header(letter.headers(), Saver.HTTP_ERROR_HEADER);
            assertTrue(reason.contains(record.reason()) || (apiError != null && apiError.contains(record.reason())),
                    () -> record + " got: " + reason + " / " + apiError);
            assertEquals(source, DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC));
            String truncated = DeadLetters.header(letter.headers(), DeadLetters.TRUNCATED);
            if (record.cut()) {
                assertNotNull(truncated, record + " says it was cut");
                assertTrue(letter.value().length < record.value().length, record.toString());
                assertArrayEquals(Arrays.copyOf(record.value(), letter.value().length), letter.value(), "a prefix of the value");
            } else {
                assertNull(truncated, record.toString());
                assertArrayEquals(record.value(), letter.value(), record + ": the original bytes");
            }
            assertNotEquals("DbApiTimeoutException", DeadLetters.header(letter.headers(), DeadLetters.ERROR_CLASS), record.toString());
        }
        return byKey;
    }
}
