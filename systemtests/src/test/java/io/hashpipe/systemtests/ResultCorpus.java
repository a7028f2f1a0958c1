package io.hashpipe.systemtests;

import java.util.List;

/**
 * Malformed result records, as a foreign hasher or a replayed topic would write them to the results topic:
 * not JSON, not UTF-8, half characters, keys twice, trailing values, ids missing or with control characters
 * (once a 75 s wait for a request that was never sent), hashes missing, not bcrypt or of another cost,
 * values over record.max.bytes, one too large to dead-letter whole, and results only the database API can
 * refuse (a year beyond 9999). Each with the reason its dead letter must give.
 */
final class ResultCorpus {

    /** The class whose results the saver passes on and the database API refuses with 400. */
    static final String API_REFUSED = "api-refused";

    private final Malformations m;
    private final RecordCases cases = new RecordCases();

    private ResultCorpus(Malformations m) {
        this.m = m;
    }

    /** The corpus drawn from {@code m}'s seed. */
    static List<BadRecord> generate(Malformations m) {
        return new ResultCorpus(m).build();
    }

    private List<BadRecord> build() {
        cases.add("not-json", 10, () -> m.junk(), "not a result's JSON");
        cases.add("not-utf8", 20, () -> m.withBadUtf8(result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"host/" + m.word(3) + "\""), '/'),
                "not UTF-8");
        cases.add("lone-surrogate", 10, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h" + m.loneSurrogateEscape() + "\""),
                "unpaired surrogate");
        cases.add("duplicate-key", 10, () -> "{\"id\":\"dup\"," + result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\"").substring(1),
                "Duplicate field 'id'");
        cases.add("trailing-value", 10, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\"") + " {}",
                "not a result's JSON");
        cases.add("missing-id", 5, () -> "{\"hash\":\"" + m.bcrypt(4) + "\",\"difficulty\":4}", "has no \"id\"");
        cases.add("control-id", 10, () -> result("\"id" + m.controlEscape() + m.word(3) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\""),
                "control character");
        cases.add("long-id", 5, () -> result("\"" + m.word(201 + m.random().nextInt(300)) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\""),
                "characters long: at most 200");
        cases.add("missing-hash", 5, () -> "{\"id\":\"id-" + m.word(6) + "\",\"difficulty\":4}", "has no \"hash\"");
        cases.add("not-bcrypt", 15, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.notBcrypt() + "\"", "4", "\"h\""), "is not a bcrypt hash");
        cases.add("no-such-cost", 5, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.bcryptOfNoCost() + "\"", "4", "\"h\""),
                "bcrypt's cost is 4 to 31");
        cases.add("other-cost", 10, () -> {
            int cost = 4 + m.random().nextInt(10);
            return result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(cost) + "\"", Integer.toString(cost + 1 + m.random().nextInt(5)), "\"h\"");
        }, "but the result's difficulty is");
        cases.add(API_REFUSED, 5, () -> "{\"id\":\"id-" + m.word(6) + "\",\"hash\":\"" + m.bcrypt(4)
                + "\",\"difficulty\":4,\"hashedAt\":\"+" + (10_000 + m.random().nextInt(100_000)) + "-01-01T00:00:00Z\"}", "years 0001 to 9999");
        cases.add(BadRecord.of("tombstone-0", (byte[]) null, "no value"));
        cases.add(BadRecord.of("over-the-limit-0", result("\"id-big\"", "\"" + m.bcrypt(4) + "\"", "4", "\"" + "h".repeat(RecordCases.OVER_THE_LIMIT) + "\""),
                "at most 65536 (record.max.bytes)"));
        cases.addTooLargeToDeadLetter("at most 65536 (record.max.bytes)");
        return cases.list();
    }

    private static String result(String id, String hash, String difficulty, String hasher) {
        return "{\"id\":" + id + ",\"hash\":" + hash + ",\"difficulty\":" + difficulty + ",\"hashedAt\":\"2026-01-01T00:00:00Z\","
                + "\"hashMicros\":1000,\"hasher\":" + hasher + "}";
    }
}
