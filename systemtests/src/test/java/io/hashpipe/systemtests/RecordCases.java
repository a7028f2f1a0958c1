package io.hashpipe.systemtests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** The bad records of one corpus as they are drawn: a few of each class, numbered within it. */
final class RecordCases {

    /** Larger than record.max.bytes (64 KiB) but small enough that its dead letter goes whole. */
    static final int OVER_THE_LIMIT = 70 * 1024;
    /** The size of {@link #addTooLargeToDeadLetter}'s value. */
    static final int TOO_LARGE_TO_DEAD_LETTER = 1_048_450;

    private final List<BadRecord> cases = new ArrayList<>();

    /** Adds {@code count} records of {@code caseClass}, each value drawn anew (text or bytes), all with {@code reason}. */
    RecordCases add(String caseClass, int count, Supplier<Object> value, String reason) {
        for (int i = 0; i < count; i++) {
            Object v = value.get();
            String key = caseClass + "-" + i;
            cases.add(v instanceof byte[] bytes ? BadRecord.of(key, bytes, reason) : BadRecord.of(key, (String) v, reason));
        }
        return this;
    }

    /**
     * Adds {@code too-large-to-dead-letter-0}: a value the broker accepts (message.max.bytes 1,048,588) whose dead
     * letter a producer cannot send whole, so that it must be cut.
     */
    RecordCases addTooLargeToDeadLetter(String reason) {
        byte[] huge = new byte[TOO_LARGE_TO_DEAD_LETTER];
        Arrays.fill(huge, (byte) '#');
        cases.add(new BadRecord("too-large-to-dead-letter-0", huge, reason, true));
        return this;
    }

    /** Adds one record as it is. */
    RecordCases add(BadRecord record) {
        cases.add(record);
        return this;
    }

    List<BadRecord> list() {
        return cases;
    }
}
