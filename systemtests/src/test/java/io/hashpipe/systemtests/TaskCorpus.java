package io.hashpipe.systemtests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Malformed task records, a few of each class a producer with a bug or a replayed foreign topic sends: not
 * JSON, not UTF-8, half characters, keys twice, trailing values, missing and mistyped fields, bad ids, long
 * and NUL passwords, costs out of range or above max.difficulty, values over record.max.bytes and one too
 * large to dead-letter whole. Each with the reason its dead letter must give.
 */
final class TaskCorpus {

    /** Larger than record.max.bytes (64 KiB) but small enough that its dead letter goes whole. */
    static final int OVER_THE_LIMIT = 70 * 1024;
    /** A value the broker accepts (message.max.bytes 1,048,588) whose dead letter a producer cannot send whole. */
    static final int TOO_LARGE_TO_DEAD_LETTER = 1_048_450;

    private final Malformations m;
    private final List<BadRecord> cases = new ArrayList<>();

    private TaskCorpus(Malformations m) {
        this.m = m;
    }

    /** The corpus drawn from {@code m}'s seed. */
    static List<BadRecord> generate(Malformations m) {
        return new TaskCorpus(m).build();
    }

    private List<BadRecord> build() {
        add("not-json", 10, () -> m.junk(), "not valid JSON");
        add("not-utf8", 30, () -> m.withBadUtf8(task("\"pa/ss" + m.word(4) + "\"", "4"), '/'), "not UTF-8");
        add("lone-surrogate", 15, () -> task("\"" + m.word(3) + m.loneSurrogateEscape() + "\"", "4"), "unpaired surrogate");
        add("duplicate-key", 10, () -> {
            String field = List.of("\"id\":\"x\",", "\"password\":\"y\",", "\"difficulty\":5,").get(m.random().nextInt(3));
            return "{" + field + task("\"p\"", "4").substring(1);
        }, "Duplicate field");
        add("trailing-value", 10, () -> task("\"p\"", "4") + List.of(" x", " {}", ",", "]", " 1", " \"t\"").get(m.random().nextInt(6)),
                "not valid JSON");
        add("missing-field", 9, () -> List.of("{\"password\":\"p\",\"difficulty\":4}", "{\"id\":\"i\",\"difficulty\":4}",
                "{\"id\":\"i\",\"password\":\"p\"}").get(m.random().nextInt(3)), "missing field");
        add("mistyped-field", 10, () -> List.of("{\"id\":7,\"password\":\"p\",\"difficulty\":4}", task("[\"p\"]", "4"),
                task("\"p\"", "\"10\""), task("\"p\"", "4.5"), task("\"p\"", "1e400")).get(m.random().nextInt(5)), "must be");
        add("blank-id", 4, () -> "{\"id\":\"" + " ".repeat(m.random().nextInt(4)) + "\",\"password\":\"p\",\"difficulty\":4}", "is blank");
        add("long-id", 8, () -> "{\"id\":\"" + m.word(201 + m.random().nextInt(800)) + "\",\"password\":\"p\",\"difficulty\":4}",
                "characters long: at most 200");
        add("control-id", 10, () -> "{\"id\":\"" + m.word(3) + m.controlEscape() + "\",\"password\":\"p\",\"difficulty\":4}",
                "control character");
        add("long-password", 10, () -> task("\"" + m.word(73 + m.random().nextInt(100)) + "\"", "4"), "bytes in UTF-8; bcrypt takes at most 72");
        add("nul-password", 5, () -> task("\"" + m.word(2) + "\\u0000" + m.word(2) + "\"", "4"), "U+0000");
        add("cost-out-of-range", 10, () -> task("\"p\"", Integer.toString(m.random().nextBoolean() ? -5 + m.random().nextInt(9) : 32 + m.random().nextInt(1000))),
                "is outside 4..31");
        add("cost-above-max", 11, () -> task("\"p\"", Integer.toString(21 + m.random().nextInt(11))), "above this hasher's max.difficulty 20");
        add("not-an-object", 10, () -> List.of("[1,2]", "42", "\"task\"", "true", "null").get(m.random().nextInt(5)), "must be a JSON object");
        add("empty", 3, () -> " ".repeat(m.random().nextInt(3)), "must be a JSON object, got nothing");
        add("deep-nesting", 3, () -> "[".repeat(2_000 + m.random().nextInt(2_000)), "not valid JSON");
        add("byte-order-mark", 2, () -> "\uFEFF" + task("\"p\"", "4"), "not valid JSON");
        cases.add(BadRecord.of("tombstone-0", (byte[]) null, "no value"));
        cases.add(BadRecord.of("over-the-limit-0", task("\"p\"", "4") + " ".repeat(OVER_THE_LIMIT), "at most 65536 (record.max.bytes)"));
        cases.add(BadRecord.of("huge-id-0", "{\"id\":\"" + "i".repeat(600 * 1024) + "\",\"password\":\"p\",\"difficulty\":4}",
                "at most 65536 (record.max.bytes)"));
        byte[] huge = new byte[TOO_LARGE_TO_DEAD_LETTER];
        Arrays.fill(huge, (byte) '#');
        cases.add(new BadRecord("too-large-to-dead-letter-0", huge, "at most 65536 (record.max.bytes)", true));
        return cases;
    }

    private void add(String caseClass, int count, Supplier<Object> value, String reason) {
        for (int i = 0; i < count; i++) {
            Object v = value.get();
            String key = caseClass + "-" + i;
            cases.add(v instanceof byte[] bytes ? BadRecord.of(key, bytes, reason) : BadRecord.of(key, (String) v, reason));
        }
    }

    private String task(String password, String difficulty) {
        return "{\"id\":\"bad-" + m.word(8) + "\",\"password\":" + password + ",\"difficulty\":" + difficulty + "}";
    }
}
