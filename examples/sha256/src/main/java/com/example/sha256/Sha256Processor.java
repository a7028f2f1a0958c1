package com.example.sha256;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import io.hashpipe.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** SHA-256 of the field text, applied rounds times (1 to 1,000,000); checked by digesting again. */
public class Sha256Processor implements Processor {

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public String description() {
        return "SHA-256 of the field text, rounds times (1 to 1,000,000); output digest (hex) and rounds";
    }

    @Override
    public Map<String, Object> process(Task task) throws Exception {
        int rounds = (int) task.integer("rounds", 1, 1_000_000);
        return Map.of("digest", digest(task.text("text"), rounds), "rounds", rounds);
    }

    @Override
    public Verdict check(Task task, Map<String, Object> output) {
        try {
            String expected = digest(task.text("text"), (int) task.integer("rounds", 1, 1_000_000));
            return expected.equals(output.get("digest")) ? Verdict.passed() : Verdict.failed("digest differs");
        } catch (Exception e) {
            return Verdict.failed(e.getMessage());
        }
    }

    private static String digest(String text, int rounds) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < rounds; i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("over the time limit");
            }
            bytes = sha256.digest(bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
