package io.hashpipe.systemtests;

import java.util.List;

/**
 * Malformed task records, a few of each class a producer with a bug or a replayed foreign topic sends: not
 * JSON, not UTF-8, half characters, keys twice, trailing values, missing and mistyped fields, bad ids, long
 * and NUL passwords, costs out of range or above max.difficulty, values over record.max.bytes and one too
 * large to dead-letter whole. Each with the reason its dead letter must give.
 */
final class TaskCorpus {

    private final Malformations m;
    private final RecordCases cases = new RecordCases();

    private TaskCorpus(Malformations m) {
        this.m = m;
    }

    /** The corpus drawn from {@code m}'s seed. */
    static List<BadRecord> generate(Malformations m) {
        return new TaskCorpus(m).build();
    }

    private List<BadRecord> build() {
        cases.add("not-json", 10, () -> m.junk(), "not valid JSON");
        cases.add("not-utf8", 30, () -> m.withBadUtf8(task("\"pa/ss" + m.word(4) + "\"", "4"), '/'), "not UTF-8");
        cases.add("lone-surrogate", 15, () -> task("\"" + m.word(3) + m.loneSurrogateEscape() + "\"", "4"), "unpaired surrogate");
        cases.add("duplicate-key", 10, () -> {
            String field = List.of("\"id\":\"x\",", "\"password\":\"y\",", "\"difficulty\":5,").get(m.random().nextInt(3));
            return "{" + field + task("\"p\"", "4").substring(1);
        }, "Duplicate field");
        cases.add("trailing-value", 10, () -> task("\"p\"", "4") + List.of(" x", " {}", ",", "]", " 1", " \"t\"").get(m.random().nextInt(6)),
                "not valid JSON");
        cases.add("missing-field", 9, () -> List.of("{\"password\":\"p\",\"difficulty\":4}", "{\"id\":\"i\",\"difficulty\":4}",
                "{\"id\":\"i\",\"password\":\"p\"}").get(m.random().nextInt(3)), "missing field");
        cases.add("mistyped-field", 10, () -> List.of("{\"id\":7,\"password\":\"p\",\"difficulty\":4}", task("[\"p\"]", "4"),
                task("\"p\"", "\"10\""), task("\"p\"", "4.5"), task("\"p\"", "1e400")).get(m.random().nextInt(5)), "must be");
        cases.add("blank-id", 4, () -> "{\"id\":\"" + " ".repeat(m.random().nextInt(4)) + "\",\"password\":\"p\",\"difficulty\":4}", "is blank");
        cases.add("long-id", 8, () -> "{\"id\":\"" + m.word(201 + m.random().nextInt(800)) + "\",\"password\":\"p\",\"difficulty\":4}",
                "characters long: at most 200");
        cases.add("control-id", 10, () -> "{\"id\":\"" + m.word(3) + m.controlEscape() + "\",\"password\":\"p\",\"difficulty\":4}",
                "control character");
        cases.add("long-password", 10, () -> task("\"" + m.word(73 + m.random().nextInt(100)) + "\"", "4"), "bytes in UTF-8; bcrypt takes at most 72");
        cases.add("nul-password", 5, () -> task("\"" + m.word(2) + "\\u0000" + m.word(2) + "\"", "4"), "U+0000");
        cases.add("cost-out-of-range", 10, () -> task("\"p\"", Integer.toString(m.random().nextBoolean() ? -5 + m.random().nextInt(9) : 32 + m.random().nextInt(1000))),
                "is outside 4..31");
        cases.add("cost-above-max", 11, () -> task("\"p\"", Integer.toString(21 + m.random().nextInt(11))), "above this hasher's max.difficulty 20");
        cases.add("not-an-object", 10, () -> List.of("[1,2]", "42", "\"task\"", "true", "null").get(m.random().nextInt(5)), "must be a JSON object");
        cases.add("empty", 3, () -> " ".repeat(m.random().nextInt(3)), "must be a JSON object, got nothing");
        cases.add("deep-nesting", 3, () -> "[".repeat(2_000 + m.random().nextInt(2_000)), "not valid JSON");
        cases.add("byte-order-mark", 2, () -> "\uFEFF" + task("\"p\"", "4"), "not valid JSON");
        cases.add(BadRecord.of("tombstone-0", (byte[]) null, "no value"));
        cases.add(BadRecord.of("over-the-limit-0", task("\"p\"", "4") + " ".repeat(RecordCases.OVER_THE_LIMIT), "at most 65536 (record.max.bytes)"));
        cases.add(BadRecord.of("huge-id-0", "{\"id\":\"" + "i".repeat(600 * 1024) + "\",\"password\":\"p\",\"difficulty\":4}",
                "at most 65536 (record.max.bytes)"));
        cases.addTooLargeToDeadLetter("at most 65536 (record.max.bytes)");
        return cases.list();
    }

    private String task(String password, String difficulty) {
        return "{\"id\":\"bad-" + m.word(8) + "\",\"password\":" + password + ",\"difficulty\":" + difficulty + "}";
    }
}
