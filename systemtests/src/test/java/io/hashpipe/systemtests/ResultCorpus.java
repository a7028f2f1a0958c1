package io.hashpipe.systemtests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

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
    private final List<BadRecord> cases = new ArrayList<>();

    private ResultCorpus(Malformations m) {
        this.m = m;
    }

    /** The corpus drawn from {@code m}'s seed. */
    static List<BadRecord> generate(Malformations m) {
        return new ResultCorpus(m).build();
    }

    private List<BadRecord> build() {
        add("not-json", 10, () -> m.junk(), "not a result's JSON");
        add("not-utf8", 20, () -> m.withBadUtf8(result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"host/" + m.word(3) + "\""), '/'),
                "not UTF-8");
        add("lone-surrogate", 10, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h" + m.loneSurrogateEscape() + "\""),
                "unpaired surrogate");
        add("duplicate-key", 10, () -> "{\"id\":\"dup\"," + result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\"").substring(1),
                "Duplicate field 'id'");
        add("trailing-value", 10, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\"") + " {}",
                "not a result's JSON");
        add("missing-id", 5, () -> "{\"hash\":\"" + m.bcrypt(4) + "\",\"difficulty\":4}", "has no \"id\"");
        add("control-id", 10, () -> result("\"id" + m.controlEscape() + m.word(3) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\""),
                "control character");
        add("long-id", 5, () -> result("\"" + m.word(201 + m.random().nextInt(300)) + "\"", "\"" + m.bcrypt(4) + "\"", "4", "\"h\""),
                "characters long: at most 200");
        add("missing-hash", 5, () -> "{\"id\":\"id-" + m.word(6) + "\",\"difficulty\":4}", "has no \"hash\"");
        add("not-bcrypt", 15, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.notBcrypt() + "\"", "4", "\"h\""), "is not a bcrypt hash");
        add("no-such-cost", 5, () -> result("\"id-" + m.word(6) + "\"", "\"" + m.bcryptOfNoCost() + "\"", "4", "\"h\""),
                "bcrypt's cost is 4 to 31");
        add("other-cost", 10, () -> {
            int cost = 4 + m.random().nextInt(10);
            return result("\"id-" + m.word(6) + "\"", "\"" + m.bcrypt(cost) + "\"", Integer.toString(cost + 1 + m.random().nextInt(5)), "\"h\"");
        }, "but the result's difficulty is");
        add(API_REFUSED, 5, () -> "{\"id\":\"id-" + m.word(6) + "\",\"hash\":\"" + m.bcrypt(4)
                + "\",\"difficulty\":4,\"hashedAt\":\"+" + (10_000 + m.random().nextInt(100_000)) + "-01-01T00:00:00Z\"}", "years 0001 to 9999");
        cases.add(BadRecord.of("tombstone-0", (byte[]) null, "no value"));
        cases.add(BadRecord.of("over-the-limit-0", result("\"id-big\"", "\"" + m.bcrypt(4) + "\"", "4", "\"" + "h".repeat(TaskCorpus.OVER_THE_LIMIT) + "\""),
                "at most 65536 (record.max.bytes)"));
        byte[] huge = new byte[TaskCorpus.TOO_LARGE_TO_DEAD_LETTER];
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

    private static String result(String id, String hash, String difficulty, String hasher) {
        return "{\"id\":" + id + ",\"hash\":" + hash + ",\"difficulty\":" + difficulty + ",\"hashedAt\":\"2026-01-01T00:00:00Z\","
                + "\"hashMicros\":1000,\"hasher\":" + hasher + "}";
    }
}
